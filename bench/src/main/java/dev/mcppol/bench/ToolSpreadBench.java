package dev.mcppol.bench;

import dev.mcppol.runtime.engine.Call;
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
 * One policy of {@value #RULES} rules (~2,000 tools), its 1,024 calls aimed at the first {@code tools}
 * of its tools (call {@code i} at tool {@code i mod tools}, each with its own arguments), timed as
 * {@link DecisionBench#leafForBatch} is. It tells the two things {@link DecisionBench}'s sizes mix: what
 * the number of tools in the policy costs (nothing, if spreading the calls over 2 tools of the big
 * policy decides them as fast as the 10-rule policy decides its own), and what it costs that the calls
 * reach many tools' diagrams (the memory a second of calls touches).
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ToolSpreadBench {

    static final int RULES = 10_000;

    @Param({"2", "20", "200", "2000"})
    public int tools;

    private Engine engine;
    private Call[] calls;
    private int mask;
    private int next;

    @Setup
    public void setUp() {
        engine = new Engine(Workloads.bundle(RULES), new InMemoryLimiter());
        calls = spread(Workloads.load(RULES), tools);
        mask = calls.length - 1;
    }

    /** The workload's calls, call {@code i} aimed at the policy's tool {@code i mod n}. */
    static Call[] spread(Workload w, int n) {
        Call[] original = Workloads.calls(w);
        Call[] out = new Call[original.length];
        int reach = Math.min(n, w.tools().size());
        for (int i = 0; i < out.length; i++) {
            Call c = original[i];
            out[i] = new Call(w.tools().get(i % reach).name(), c.arguments(), c.session(), c.identity(), c.nowMillis(),
                    c.sessionSchema());
        }
        return out;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OperationsPerInvocation(DecisionBench.BATCH)
    public void leafForSpread(Blackhole bh) {
        for (int i = 0; i < DecisionBench.BATCH; i++) {
            bh.consume(engine.leafFor(calls[next++ & mask], null));
        }
    }
}
