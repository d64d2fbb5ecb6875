package dev.mcppol.compiler.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.diff.SemanticDiff;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Rule order and duplication do not change the compiled structure (provenance stripped), and bytes are deterministic. */
class CanonicityProperties {

    static CompileResult build(Policy p) {
        return new PolicyCompiler().build(p, RandomPolicies.SCHEMAS, DiagramCompiler.DEFAULT_NODE_BUDGET,
                new Diagnostics(), new SourceFiles());
    }

    @Property(tries = 1000)
    void shufflingAndDuplicatingRulesGivesTheSameCanonicalStructure(@ForAll long seed) {
        Policy p = new RandomPolicies(seed).policy();
        List<Rule> rules = new ArrayList<>(p.rules());
        Random random = new Random(seed);
        for (int i = random.nextInt(3); i > 0; i--) {
            rules.add(rules.get(random.nextInt(rules.size())));
        }
        Collections.shuffle(rules, random);
        Policy shuffled = new Policy(p.name(), p.defaultEffect(), rules, p.toolLimits(), p.limits(), p.hidden(),
                p.schemaFiles(), p.span(), p.notes());
        assertThat(new SemanticDiff().sameCanonicalStructure(build(p).bundle(), build(shuffled).bundle()))
                .as("seed %d", seed).isTrue();
    }

    @Property(tries = 200)
    void theSameInputGivesByteIdenticalBundles(@ForAll long seed) {
        Policy p = new RandomPolicies(seed).policy();
        assertThat(Arrays.equals(build(p).bytes(), build(p).bytes())).isTrue();
    }
}
