package dev.mcppol.bench;

import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time per decision against policies of 10 to 10k rules. Each invocation takes the next call of a
 * fixed, pre-parsed array of 1024 (JSON parsing is not part of a decision here; the replay benchmark
 * includes it), so branch predictors see a realistic mix rather than one call over and over.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBench {

    /** Calls per invocation of the batched benchmark: long enough that the timer's own cost vanishes. */
    static final int BATCH = 256;

    @Param({"10", "100", "1000", "10000"})
    public int rules;

    private Engine engine;
    private Call[] calls;
    private int mask;
    private int next;

    @Setup
    public void setUp() {
        engine = new Engine(Workloads.bundle(rules), new InMemoryLimiter());
        calls = Workloads.calls(Workloads.load(rules));
        mask = calls.length - 1;
    }

    /** The decision core: tool + parsed arguments to the leaf (outcome and rules), limits excluded. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Leaf leafFor() {
        return engine.leafFor(calls[next++ & mask], null);
    }

    /** The full decision as the proxy takes it: leaf, rule list and the human reason text. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Decision decide() {
        return engine.decide(calls[next++ & mask]);
    }

    /**
     * The decision core in batches of {@value #BATCH}: sample mode gives a distribution (median,
     * p99) of the per-decision time of each batch. Timing single ~50 ns calls would mostly measure
     * {@code System.nanoTime}.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OperationsPerInvocation(BATCH)
    public void leafForBatch(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(engine.leafFor(calls[next++ & mask], null));
        }
    }
}
