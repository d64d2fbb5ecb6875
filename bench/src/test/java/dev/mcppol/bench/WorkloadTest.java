package dev.mcppol.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark inputs are what the benchmarks claim: deterministic, valid, and a real mix of outcomes. */
class WorkloadTest {

    @Test
    void sameSeedSamePolicyAndCalls(@TempDir Path dir) throws Exception {
        WorkloadGenerator.generate(100).write(dir.resolve("a.json"));
        WorkloadGenerator.generate(100).write(dir.resolve("b.json"));
        assertThat(Files.readString(dir.resolve("a.json"))).isEqualTo(Files.readString(dir.resolve("b.json")));
    }

    @Test
    void exactRuleCountAndJsonRoundTrip(@TempDir Path dir) throws Exception {
        Workload w = WorkloadGenerator.generate(1000);
        assertThat(w.tools().stream().mapToInt(t -> t.rules().size()).sum()).isEqualTo(1000);
        assertThat(w.calls()).hasSize(WorkloadGenerator.CALLS);
        w.write(dir.resolve("w.json"));
        assertThat(DslWriter.render(Workload.read(dir.resolve("w.json")))).isEqualTo(DslWriter.render(w));
    }

    @Test
    void policyCompilesCleanlyAndDecidesBothWays(@TempDir Path dir) throws Exception {
        Workload w = WorkloadGenerator.generate(200);
        Path dsl = dir.resolve("policy.mcppol");
        Files.writeString(dsl, DslWriter.render(w));
        CompileResult r = new PolicyCompiler().compile(dsl, PolicyCompiler.Options.defaults());
        assertThat(r.diagnostics().hasErrors()).as("%s", r.diagnostics().sorted()).isFalse();
        Engine engine = new Engine(r.bundle(), new InMemoryLimiter());
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Call c : Workloads.calls(w)) {
            counts.merge(engine.decide(c).outcome(), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(Outcome.ALLOW, Outcome.DENY);
        assertThat(counts.get(Outcome.ALLOW)).isBetween(100, 924);
    }

    @Test
    void dslCoversEveryOperator() {
        String text = DslWriter.render(WorkloadGenerator.generate(1000));
        assertThat(text).contains(" == ", " < ", " <= ", " > ", " >= ", " in [", " startsWith ", "  allow\n", "  deny when");
    }
}
