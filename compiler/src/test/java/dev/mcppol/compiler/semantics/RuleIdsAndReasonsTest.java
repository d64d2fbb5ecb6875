package dev.mcppol.compiler.semantics;

import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.ASK;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.runtime.engine.Decision;
import org.junit.jupiter.api.Test;

/** DESIGN "Decision semantics" §4: every decision names its rules and gives a reason. */
class RuleIdsAndReasonsTest {

    @Test
    void asNameGivesTheRuleItsId() {
        Harness h = Harness.of("tool t { allow as reader }\n");
        assertThat(h.call("t", "{}").ruleIds()).containsExactly("reader");
    }

    @Test
    void aQuotedRuleNameKeepsSpacesAndPunctuation() {
        Harness h = Harness.of("tool t { deny as \"No shell, ever!\" }\n");
        Decision d = h.call("t", "{}");
        assertThat(d.ruleIds()).containsExactly("No shell, ever!");
        assertThat(d.reason()).isEqualTo("denied by rule No shell, ever!");
    }

    @Test
    void anUnnamedRulesIdIsFileAndLine() {
        Harness h = Harness.of("""
                default deny

                tool t {
                  allow when x == 1
                  deny when x == 2
                }
                """);
        assertThat(h.call("t", "{\"x\":1}").ruleIds()).containsExactly("p.mcppol:4");
        assertThat(h.call("t", "{\"x\":2}").ruleIds()).containsExactly("p.mcppol:5");
    }

    @Test
    void theIdOfAFileInADirectoryUsesOnlyTheFileName() {
        var diagnostics = new dev.mcppol.compiler.diag.Diagnostics();
        var policy = dev.mcppol.compiler.dsl.DslFrontEnd.parse("some/dir/rules.mcppol", "tool t { allow }\n",
                diagnostics);
        assertThat(policy.rules().get(0).id()).isEqualTo("rules.mcppol:1");
    }

    @Test
    void twoRulesWithTheSameNameAreAnError() {
        var d = Harness.errorsOf("tool t { allow as x }\ntool u { deny as x }\n");
        assertThat(d.all()).anySatisfy(x -> assertThat(x.kind()).isEqualTo(DiagnosticKind.DUPLICATE_RULE_ID));
    }

    @Test
    void aCustomReasonIsTheDecisionsReason() {
        Harness h = Harness.of("tool t { deny as d when x == 1 reason \"no x\" }\n");
        assertThat(h.call("t", "{\"x\":1}").reason()).isEqualTo("no x");
    }

    @Test
    void generatedReasonsNameTheRuleForEachOutcome() {
        Harness h = Harness.of("""
                tool t {
                  allow as a1
                  ask as q1 when x == 1
                  deny as d1 when x == 2
                }
                """);
        assertThat(h.call("t", "{}").reason()).isEqualTo("allowed by rule a1");
        assertThat(h.call("t", "{\"x\":1}").reason()).isEqualTo("needs approval (rule q1)");
        assertThat(h.call("t", "{\"x\":2}").reason()).isEqualTo("denied by rule d1");
    }

    @Test
    void ofSeveralDenyingRulesTheFirstInSourceOrderIsNamed() {
        Harness h = Harness.of("""
                tool t {
                  deny as d1 when x > 0 reason "positive"
                  deny as d2 when x > 1 reason "positive"
                  deny as d3 when x > 2
                }
                """);
        Decision d = h.call("t", "{\"x\":3}");
        assertThat(d.ruleIds()).containsExactly("d1");
        assertThat(d.reason()).isEqualTo("positive");
        Harness reversed = Harness.of("""
                tool t {
                  deny as d3 when x > 2
                  deny as d1 when x > 0 reason "positive"
                }
                """);
        assertThat(reversed.call("t", "{\"x\":3}").ruleIds()).containsExactly("d3");
        assertThat(reversed.call("t", "{\"x\":1}").ruleIds()).containsExactly("d1");
    }

    @Test
    void rulesOfADecisionKeepTheirSourceLocationAndEffect() {
        Harness h = Harness.of("tool t {\n  ask as q reason \"a person decides\"\n}\n");
        Decision d = h.call("t", "{}");
        assertThat(d.outcome()).isEqualTo(ASK);
        assertThat(d.rules().get(0).source()).isEqualTo("p.mcppol:2:3");
        assertThat(d.rules().get(0).reason()).isEqualTo("a person decides");
    }

    @Test
    void theDefaultsDecisionNamesNoRule() {
        Harness allow = Harness.of("default allow\n");
        assertThat(allow.call("x", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(allow.call("x", "{}").ruleId()).isEqualTo("default");
        Harness deny = Harness.of("default deny\n");
        assertThat(deny.call("x", "{}").outcome()).isEqualTo(DENY);
        assertThat(deny.call("x", "{}").reason()).isEqualTo("no rule allows tool x (the policy's default is deny)");
    }

    @Test
    void allowedByDefaultDoesNotNameTheDenyRulesThatDidNotMatch() {
        Harness h = Harness.of("default allow\ntool t { deny as d when x == 1 }\n");
        Decision d = h.call("t", "{\"x\":2}");
        assertThat(d.ruleIds()).isEmpty();
        assertThat(d.reason()).isEqualTo("allowed by the policy's default");
    }

    @Test
    void ofSeveralAllowingRulesTheFirstInSourceOrderIsNamed() {
        Harness h = Harness.of("tool t {\n  allow as b when x == 1\n  allow as a\n}\n");
        assertThat(h.call("t", "{\"x\":1}").ruleIds()).containsExactly("b");
        assertThat(h.call("t", "{\"x\":1}").reason()).isEqualTo("allowed by rule b");
        assertThat(h.call("t", "{\"x\":2}").ruleIds()).containsExactly("a");
    }
}
