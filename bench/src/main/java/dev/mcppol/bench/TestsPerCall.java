package dev.mcppol.bench;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many tests a workload's calls take on the way to their leaf, on average: the work per decision
 * that the number of tools does not explain, so the report can tell it from the cost of memory.
 */
final class TestsPerCall {
    private TestsPerCall() {
    }

    /** The average over these calls against the policy of {@code rules} rules. */
    static double of(int rules, Call[] calls) {
        Engine e = new Engine(Workloads.bundle(rules), new InMemoryLimiter());
        long steps = 0;
        for (Call c : calls) {
            steps += e.trace(c).steps().size();
        }
        return (double) steps / calls.length;
    }

    /**
     * The average over {@code draws} policies of {@code rules} rules drawn with other seeds, each over its
     * own calls: what a policy of that size takes per call, not what one draw happened to take.
     */
    static double meanOverDraws(int rules, int draws) throws IOException {
        Path dir = Files.createTempDirectory("mcppol-bench-draws-");
        try {
            double sum = 0;
            for (int s = 1; s <= draws; s++) {
                Workload w = new WorkloadGenerator(WorkloadGenerator.seedFor(rules) + 7919L * s).workload(rules);
                Path f = dir.resolve("policy.mcppol");
                Files.writeString(f, DslWriter.render(w));
                CompileResult r = new PolicyCompiler().compile(f, PolicyCompiler.Options.defaults());
                if (r.bundle() == null) {
                    throw new IllegalStateException("a drawn policy of " + rules + " rules did not compile: "
                            + r.diagnostics().sorted());
                }
                Engine e = new Engine(r.bundle(), new InMemoryLimiter());
                long steps = 0;
                for (Call c : Workloads.calls(w)) {
                    steps += e.trace(c).steps().size();
                }
                sum += (double) steps / w.calls().size();
                Files.delete(f);
            }
            return sum / draws;
        } finally {
            Files.deleteIfExists(dir);
        }
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
