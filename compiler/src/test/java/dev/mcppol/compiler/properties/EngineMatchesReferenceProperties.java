package dev.mcppol.compiler.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The law the compiler lives by: a compiled bundle decides exactly as the reference interpreter. */
class EngineMatchesReferenceProperties {

    @Property(tries = 1000)
    void compiledBundleDecidesLikeTheReferenceInterpreter(@ForAll long seed) throws Exception {
        RandomPolicies gen = new RandomPolicies(seed);
        Policy policy = gen.policy();
        CompileResult compiled = new PolicyCompiler().build(policy, RandomPolicies.SCHEMAS,
                DiagramCompiler.DEFAULT_NODE_BUDGET, new Diagnostics(), new SourceFiles());
        assertThat(compiled.diagnostics().all()).as("compile errors").isEmpty();
        // Decide through the bundle as the runtime loads it from bytes, not the in-memory object.
        Engine engine = new Engine(new BundleReader().read(compiled.bytes(), "random"), new InMemoryLimiter());
        ReferenceInterpreter reference = new ReferenceInterpreter(policy, RandomPolicies.SCHEMAS);
        List<Call> calls = gen.calls();
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Decision expected = reference.decide(call);
            Decision actual = engine.decide(call);
            String where = "seed " + seed + ", call " + i + ": " + call;
            assertThat(actual.outcome()).as(where).isEqualTo(expected.outcome());
            assertThat(actual.ruleIds()).as(where).isEqualTo(expected.ruleIds());
            if (expected.outcome() == Outcome.LIMIT) {
                assertThat(actual.limit()).as(where).isEqualTo(expected.limit());
                assertThat(actual.retryAtMillis()).as(where).isEqualTo(expected.retryAtMillis());
            }
        }
    }
}
