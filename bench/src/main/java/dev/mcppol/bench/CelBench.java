package dev.mcppol.bench;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;
import java.util.Map;
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
 * The in-JVM anchor, timed in the same JMH run as {@link DecisionBench}: the same generated
 * policies and the same 1,024 calls decided by CEL programs ({@link CelPolicy}), batches of
 * {@value DecisionBench#BATCH} as in {@code DecisionBench.leafForBatch}. Arguments are converted to
 * CEL's activation once, before timing, as the mcppol calls are parsed once. Set-up first checks
 * that CEL decides every call as mcppol does ({@link #check}): nothing is timed otherwise.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CelBench {
    @Param({"10", "100", "1000", "10000"})
    public int rules;

    private CelPolicy cel;
    private String[] tools;
    private List<Map<String, Object>> activations;
    private int next;

    @Setup
    public void setUp() {
        Workload w = Workloads.load(rules);
        cel = new CelPolicy(w);
        check(w, cel);
        tools = w.calls().stream().map(Workload.CallSpec::tool).toArray(String[]::new);
        activations = w.calls().stream().map(c -> CelPolicy.activation(c.args())).toList();
    }

    /** Throws unless CEL and mcppol's engine decide every call of the workload alike; returns the allowed count. */
    static int check(Workload w, CelPolicy cel) {
        Engine engine = new Engine(Workloads.bundle(w.ruleCount()), new InMemoryLimiter());
        Call[] calls = Workloads.calls(w);
        int allowed = 0;
        for (int i = 0; i < calls.length; i++) {
            boolean mcppol = engine.leafFor(calls[i], null).outcome() == Outcome.ALLOW;
            boolean byCel = cel.allows(calls[i].tool(), CelPolicy.activation(w.calls().get(i).args()));
            if (mcppol != byCel) {
                throw new IllegalStateException("CEL and mcppol disagree at " + w.ruleCount() + " rules on call " + i + " ("
                        + w.calls().get(i) + "): mcppol " + (mcppol ? "allow" : "deny") + ", CEL " + (byCel ? "allow" : "deny"));
            }
            allowed += mcppol ? 1 : 0;
        }
        return allowed;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OperationsPerInvocation(DecisionBench.BATCH)
    public void celBatch(Blackhole bh) {
        for (int i = 0; i < DecisionBench.BATCH; i++) {
            int k = next++ & (WorkloadGenerator.CALLS - 1);
            bh.consume(cel.allows(tools[k], activations.get(k)));
        }
    }

    /** {@code java -cp benchmarks.jar dev.mcppol.bench.CelBench\$Check 10 100 …}: the agreement check alone, before any timing. */
    public static final class Check {
        private Check() {
        }

        public static void main(String[] args) {
            for (String a : args) {
                Workload w = Workloads.load(Integer.parseInt(a));
                int allowed = check(w, new CelPolicy(w));
                System.out.printf("%6d rules: CEL agrees with mcppol on all %d calls (%d allowed)%n", w.ruleCount(),
                        w.calls().size(), allowed);
            }
        }
    }
}
