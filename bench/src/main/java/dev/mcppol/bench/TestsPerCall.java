package dev.mcppol.bench;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;

/**
 * How many tests a workload's calls take on the way to their leaf, on average: the work per decision
 * that the number of tools does not explain, so the report can tell it from the cost of memory.
 */
final class TestsPerCall {
    private TestsPerCall() {
    }

    /** The average for each rule count given, over the workload's 1,024 calls. */
    static double[] of(int... ruleCounts) {
        double[] out = new double[ruleCounts.length];
        for (int i = 0; i < ruleCounts.length; i++) {
            Workload w = Workloads.load(ruleCounts[i]);
            Engine e = new Engine(Workloads.bundle(ruleCounts[i]), new InMemoryLimiter());
            long steps = 0;
            for (Call c : Workloads.calls(w)) {
                steps += e.trace(c).steps().size();
            }
            out[i] = (double) steps / w.calls().size();
        }
        return out;
    }
}
