package dev.mcppol.compiler.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compiled structure is minimal: no test whose outcome is already decided, no unused atom. */
class DiagramShapeTest {

    static Bundle compile(String text) {
        Diagnostics d = new Diagnostics();
        var policy = DslFrontEnd.parse("p.mcppol", text, d);
        assertThat(d.all()).isEmpty();
        return new PolicyCompiler().build(policy, Map.of(), DiagramCompiler.DEFAULT_NODE_BUDGET, d, new SourceFiles())
                .bundle();
    }

    @Test
    void impliedComparisonsOnOneValueAreNotTestedAgain() {
        Bundle a = compile("tool t { deny when a < 3 }");
        Bundle b = compile("tool t { deny when a < 3 and a < 5 }");
        Bundle c = compile("tool t { deny when a < 3\n deny when a < 2 }");
        assertThat(b.tools().get("t")).isEqualTo(a.tools().get("t"));
        assertThat(c.tools().get("t")).isEqualTo(a.tools().get("t"));
        assertThat(b.atoms()).isEqualTo(a.atoms());
        assertThat(a.tools().get("t").size()).isEqualTo(1);
    }

    @Test
    void contradictoryIntervalsLeaveNoPathForTheRule() {
        Bundle b = compile("default allow\ntool t { deny when a < 1 and a > 2 }");
        Diagram t = b.tools().get("t");
        assertThat(t.size()).isZero();
        assertThat(b.leaves().get(Diagram.leafOf(t.root())).outcome().word()).isEqualTo("allow");
    }

    @Test
    void equalityRulesOutOtherValuesOfTheSameArgument() {
        // Once k == "a" holds, k == "b" cannot: the second test disappears from that branch.
        Bundle b = compile("tool t { deny when k == \"a\"\n ask when k == \"b\"\n allow }");
        assertThat(b.tools().get("t").size()).isEqualTo(2);
    }

    @Test
    void missingValuesKeepNegationsApart() {
        // not (a < 5) holds when a is missing, a >= 5 does not: they must stay different.
        Bundle x = compile("tool t { allow when not (a < 5) }");
        Bundle y = compile("tool t { allow when a >= 5 }");
        assertThat(x.atoms()).isNotEqualTo(y.atoms());
        assertThat(x.tools().get("t").size()).isEqualTo(1);
    }

    @Test
    void anyOfPathsDoNotImplyEachOther() {
        // Two different elements may satisfy the two tests: a[*] == 1 and a[*] == 2 both hold for [1, 2].
        Bundle b = compile("tool t { deny when a[*] == 1 and a[*] == 2 }");
        assertThat(b.tools().get("t").size()).isEqualTo(2);
    }

    @Test
    void prefixesNestAndExclude() {
        Bundle a = compile("tool t { deny when p startsWith \"/etc/\" }");
        Bundle b = compile("tool t { deny when p startsWith \"/etc/\" and p startsWith \"/e\" }");
        assertThat(b.tools().get("t")).isEqualTo(a.tools().get("t"));
        Bundle c = compile("tool t { deny when p startsWith \"/etc/\" and p startsWith \"/usr/\" }");
        assertThat(c.tools().get("t").size()).isZero();
    }
}
