package dev.mcppol.compiler.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.model.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SemanticDiffTest {

    static Bundle compile(String text) {
        Diagnostics d = new Diagnostics();
        var policy = DslFrontEnd.parse("p.mcppol", text, d);
        assertThat(d.all()).isEmpty();
        return new PolicyCompiler().build(policy, Map.of(), DiagramCompiler.DEFAULT_NODE_BUDGET, d, new SourceFiles())
                .bundle();
    }

    static DiffReport diff(String a, String b) {
        return new SemanticDiff().diff(compile(a), compile(b));
    }

    @Test
    void rewordedPoliciesAreEquivalent() {
        DiffReport r = diff("""
                tool t { deny when a < 3 reason "small"
                         allow when b == "x" }
                """, """
                # the same rules, reordered, reworded, duplicated
                tool t { allow as ok when "x" == b
                         deny when 3 > a and a < 10
                         deny when a < 3 }
                """);
        assertThat(r.equivalent()).isTrue();
        assertThat(DiffPrinter.render(r)).startsWith("equivalent");
    }

    @Test
    void equivalencesProvenByValueClassesPerArgument() {
        String[][] pairs = {
            {"tool t { deny when k in [\"x\", \"y\"] }", "tool t { deny when k == \"y\" or k == \"x\" }"},
            {"tool t { deny when a in []\n allow }", "tool t { allow }"},
            {"tool t { allow when a >= 0 and a <= 10 }", "tool t { allow when a >= 0 and a < 5\n allow when a >= 5 and a <= 10 }"},
            {"tool t { allow when a >= 5 and a <= 5 }", "tool t { allow when a == 5 }"},
        };
        for (String[] p : pairs) {
            DiffReport r = diff(p[0], p[1]);
            assertThat(r.equivalent()).as(p[0] + " vs " + p[1] + "\n" + DiffPrinter.render(r)).isTrue();
        }
        // and a real difference in the same shapes is still found, with a witness
        DiffReport r = diff("tool t { allow when a >= 0 and a <= 10 }", "tool t { allow when a >= 0 and a < 5\n allow when a > 5 and a <= 10 }");
        assertThat(r.tools()).hasSize(1);
        assertThat(r.tools().get(0).witness().arguments().get("a").asDouble()).isEqualTo(5.0);
    }

    @Test
    void limitsCompareByMeaningNotBySpelling() {
        // the same budget written 100 and 100.0
        DiffReport r = diff("limit b = sum(amount) <= 100 per 1h\ntool t { allow limit b }\ntool u { allow limit b }",
                "limit b = sum(amount) <= 100.0 per 1h\ntool t { allow limit b }\ntool u { allow limit b }");
        assertThat(r.equivalent()).as(DiffPrinter.render(r)).isTrue();
        assertThat(r.limitChanges()).isEmpty();
        // a renamed shared limit
        r = diff("limit x = 5 per 1m\ntool t { allow limit x }\ntool u { allow limit x }",
                "limit y = 5 per 1m\ntool t { allow limit y }\ntool u { allow limit y }");
        assertThat(r.equivalent()).as(DiffPrinter.render(r)).isTrue();
        // a named limit only one tool uses vs the same limit written inline
        r = diff("limit x = 5 per 1m\ntool t { allow limit x }", "tool t { allow limit 5 per 1m }");
        assertThat(r.equivalent()).as(DiffPrinter.render(r)).isTrue();
        // still told apart: one shared counter vs one per tool, and a changed parameter
        assertThat(diff("limit x = 5 per 1m\ntool t { allow limit x }\ntool u { allow limit x }",
                "tool t { allow limit 5 per 1m }\ntool u { allow limit 5 per 1m }").equivalent()).isFalse();
        assertThat(diff("limit x = 5 per 1m\ntool t { allow limit x }\ntool u { allow limit x }",
                "limit x = 6 per 1m\ntool t { allow limit x }\ntool u { allow limit x }").equivalent()).isFalse();
        // two counters of the same shape that tools share differently keep their names
        assertThat(diff("""
                limit x = 5 per 1m
                limit y = 5 per 1m
                tool a { allow when k == 1 limit x
                         allow when k == 2 limit y }
                tool b { allow when k == 1 limit x
                         allow when k == 2 limit y }
                """, """
                limit x = 5 per 1m
                limit y = 5 per 1m
                tool a { allow when k == 1 limit y
                         allow when k == 2 limit x }
                tool b { allow when k == 1 limit x
                         allow when k == 2 limit y }
                """).equivalent()).isFalse();
    }

    @Test
    void aChangedBoundGivesAWitnessBetweenTheBounds() {
        DiffReport r = diff("tool t { allow when n <= 10 }", "tool t { allow when n <= 20 }");
        assertThat(r.tools()).hasSize(1);
        ToolDiff d = r.tools().get(0);
        assertThat(d.kind()).isEqualTo(ToolDiff.Kind.OUTCOME);
        double n = d.witness().arguments().get("n").asDouble();
        assertThat(n).isGreaterThan(10).isLessThanOrEqualTo(20);
        assertThat(d.before().outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.after().outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aRemovedDenyIsFoundWithAMatchingPrefix() {
        DiffReport r = diff("tool read { deny when path startsWith \"/etc/\"\n allow }", "tool read { allow }");
        ToolDiff d = r.tools().get(0);
        assertThat(d.witness().arguments().get("path").asString()).startsWith("/etc/");
    }

    @Test
    void toolsAddedAndRemovedAndDefaultsChanged() {
        DiffReport r = diff("default deny\ntool a { allow }", "default allow\ntool b { deny }");
        assertThat(r.added()).containsExactly("b");
        assertThat(r.removed()).containsExactly("a");
        // a is allowed before and after (by default now), b denied before and after: only the rest changed.
        assertThat(r.tools()).extracting(ToolDiff::tool).containsExactly("(any other tool)");
    }

    @Test
    void limitParametersAreReportedAsSuch() {
        DiffReport r = diff("limit x = 10 per 1m\ntool t { allow limit x }", "limit x = 10 per 1h\ntool t { allow limit x }");
        assertThat(r.limitChanges()).containsExactly("limit x: 10 per 1m per session → 10 per 1h per session");
        assertThat(r.tools().get(0).kind()).isEqualTo(ToolDiff.Kind.LIMITS);
    }

    @Test
    void regexesWithASampleGetAWitness() {
        DiffReport r = diff("tool t { deny when c matches /rm -rf/\n allow }", "tool t { deny when c matches /shutdown/\n allow }");
        assertThat(r.tools().get(0).kind()).isEqualTo(ToolDiff.Kind.OUTCOME);
    }

    @Test
    void equivalentRegexesWrittenDifferentlyAreNotClaimedEquivalent() {
        DiffReport r = diff("tool t { deny when c matches /^(a|b)$/\n allow }", "tool t { deny when c matches /^[ab]$/\n allow }");
        assertThat(r.equivalent()).isFalse();
        assertThat(r.tools().get(0).kind()).isEqualTo(ToolDiff.Kind.UNKNOWN);
        assertThat(r.tools().get(0).note()).contains("nor can it be ruled out");
    }

    @Test
    void globsAreComparedForToolsNoPolicyNames() {
        DiffReport r = diff("tool fs_* { allow }", "tool fs_* { allow when path exists }");
        ToolDiff d = r.tools().get(0);
        assertThat(d.tool()).isEqualTo("(any other tool)");
        assertThat(d.witness().tool()).startsWith("fs_");
    }

    @Test
    void hiddenChangesCount() {
        DiffReport r = diff("hide a\ntool b { allow }", "tool b { allow }\ntool a { deny }");
        assertThat(r.hiddenChanges()).containsExactly("no longer hidden from tools/list: a");
        assertThat(r.equivalent()).isFalse();
    }

    @Test
    void contextValuesAndIdentityConditions() {
        DiffReport r = diff("tool t { allow when identity == \"alice\" }", "tool t { allow when identity in [\"alice\", \"bob\"] }");
        ToolDiff d = r.tools().get(0);
        assertThat(d.witness().identity()).isEqualTo("bob");
    }
}
