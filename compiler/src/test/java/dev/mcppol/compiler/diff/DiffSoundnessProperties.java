package dev.mcppol.compiler.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.engine.Decision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Laws of {@code mcppol diff}: its witnesses are real, and it never misses an equivalence it is sure of. */
class DiffSoundnessProperties {

    static CompileResult build(Policy p) {
        return new PolicyCompiler().build(p, Map.of(), DiagramCompiler.DEFAULT_NODE_BUDGET, new Diagnostics(),
                new SourceFiles());
    }

    static Policy withRules(Policy p, List<Rule> rules) {
        return new Policy(p.name(), p.defaultEffect(), rules, p.toolLimits(), p.limits(), p.hidden(), p.schemaFiles(),
                p.span(), p.notes());
    }

    @Property(tries = 1000)
    void everyWitnessGetsDifferentAnswersFromTheTwoReferenceInterpreters(@ForAll long seed) {
        DiffFixtures gen = new DiffFixtures(seed);
        Policy a = gen.policy();
        Policy b = gen.mutate(a);
        DiffReport r = new SemanticDiff().diff(build(a).bundle(), build(b).bundle());
        for (ToolDiff d : r.tools()) {
            if (d.kind() != ToolDiff.Kind.OUTCOME) {
                continue;
            }
            Decision x = new ReferenceInterpreter(a, Map.of()).decide(d.witness());
            Decision y = new ReferenceInterpreter(b, Map.of()).decide(d.witness());
            assertThat(x.outcome()).as("seed %d, witness %s", seed, d.witness()).isNotEqualTo(y.outcome());
        }
    }

    /**
     * What {@code mcppol explain} shows for a call on each policy (the path's leaf and the decision on
     * fresh limiter state) disagrees on every witness diff prints: in the outcome, or in the limits
     * the call consumes.
     */
    @Property(tries = 1000)
    void diffPrintsAWitnessOnlyWhereExplainOnBothPoliciesDisagrees(@ForAll long seed) {
        DiffFixtures gen = new DiffFixtures(seed);
        Policy a = gen.policy();
        Policy b = gen.mutate(a);
        var before = build(a).bundle();
        var after = build(b).bundle();
        DiffReport r = new SemanticDiff().diff(before, after);
        for (ToolDiff d : r.tools()) {
            if (d.witness() == null) {
                continue;
            }
            var e1 = new dev.mcppol.runtime.engine.Engine(before, new dev.mcppol.runtime.limit.InMemoryLimiter());
            var e2 = new dev.mcppol.runtime.engine.Engine(after, new dev.mcppol.runtime.limit.InMemoryLimiter());
            Decision x = e1.decide(d.witness());
            Decision y = e2.decide(d.witness());
            Meaning mx = Meaning.of(before, e1.trace(d.witness()).leaf());
            Meaning my = Meaning.of(after, e2.trace(d.witness()).leaf());
            assertThat(x.outcome() != y.outcome() || !mx.equals(my))
                    .as("seed %d, witness %s: %s / %s", seed, d.witness(), mx.text(), my.text()).isTrue();
        }
    }

    /**
     * The generator reaches the witnesses that need more than one value per test (a list for
     * {@code len(s)}, two elements for {@code tags[*]}), so the property above covers them; and every
     * "not proven" answer names what kept it unproven, never a plain comparison (decided exactly) nor
     * the globs {@code a*}, {@code *b} (a name both match is always tried).
     */
    @net.jqwik.api.Example
    void theWitnessPropertyReachesListsLengthsAndOverlappingGlobs() {
        boolean lengthAsList = false;
        boolean twoElements = false;
        for (long s = 0; s < 600; s++) {
            long seed = s;
            DiffFixtures gen = new DiffFixtures(seed);
            Policy a = gen.policy();
            Policy b = gen.mutate(a);
            DiffReport r = new SemanticDiff().diff(build(a).bundle(), build(b).bundle());
            for (ToolDiff d : r.tools()) {
                if (d.kind() == ToolDiff.Kind.UNKNOWN) {
                    assertThat(d.unproven()).as("seed %d", seed).isNotEmpty().allSatisfy(u ->
                            assertThat(u.kind()).as("seed %d: %s", seed, u.text())
                                    .isNotIn(Unproven.Kind.NESTED_PATH, Unproven.Kind.TOOL_NAMES));
                    continue;
                }
                var args = d.witness().arguments();
                lengthAsList |= args.has("s") && (args.get("s").isArray() || args.get("s").isObject());
                twoElements |= args.has("tags") && args.get("tags").size() >= 2;
            }
        }
        assertThat(lengthAsList).as("a witness with s as a list or mapping").isTrue();
        assertThat(twoElements).as("a witness with two tags").isTrue();
    }

    @Property(tries = 1000)
    void shuffledAndDuplicatedRulesAreProvenEquivalent(@ForAll long seed) {
        DiffFixtures gen = new DiffFixtures(seed);
        Policy a = gen.policy();
        List<Rule> rules = new ArrayList<>(a.rules());
        Random random = new Random(seed);
        if (!rules.isEmpty()) {
            rules.add(rules.get(random.nextInt(rules.size())));
        }
        Collections.shuffle(rules, random);
        DiffReport r = new SemanticDiff().diff(build(a).bundle(), build(withRules(a, rules)).bundle());
        assertThat(r.tools()).as("seed %d", seed).isEmpty();
        assertThat(r.equivalent()).isTrue();
    }

    @Property(tries = 1000)
    void aPolicyThatDecidesDifferentlyIsNeverCalledEquivalent(@ForAll long seed) {
        DiffFixtures gen = new DiffFixtures(seed);
        Policy a = gen.policy();
        Policy b = gen.mutate(a);
        DiffReport r = new SemanticDiff().diff(build(a).bundle(), build(b).bundle());
        if (!r.equivalent()) {
            return;
        }
        // Claimed equivalent: no sampled call may tell the two apart.
        ReferenceInterpreter x = new ReferenceInterpreter(a, Map.of());
        ReferenceInterpreter y = new ReferenceInterpreter(b, Map.of());
        for (var call : gen.probes()) {
            assertThat(y.decide(call).outcome()).as("seed %d, %s", seed, call).isEqualTo(x.decide(call).outcome());
        }
    }
}
