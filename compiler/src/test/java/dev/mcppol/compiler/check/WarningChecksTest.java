package dev.mcppol.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warnings W101–W107, each where it should fire and silent where it should not. */
class WarningChecksTest {

    @Test
    void w101ShadowedByUnconditionalDenyOrHide() {
        Checked c = Checked.unbound("tool t {\n  deny\n  allow when a > 1\n}\ntool u { allow }\nhide u\ntool * { deny }\n"
                + "tool v {\n  ask\n}\n");
        List<Diagnostic> d = c.code("W101");
        assertThat(d).extracting(x -> x.span().line()).containsExactly(3, 5, 9);
        assertThat(d.get(1).message()).contains("hidden");
    }

    @Test
    void w101SilentForConditionalDeniesAndOtherTools() {
        Checked c = Checked.unbound("tool t {\n  deny when a > 1\n  allow\n}\ntool u { deny }\ntool v { allow }\n");
        assertThat(c.codes()).doesNotContain("W101", "W103");
    }

    @Test
    void w102ContradictoryIntervalsAndEqualities() {
        Checked c = Checked.unbound("""
                tool t {
                  allow when a < 1 and a > 2
                  deny when b == 1 and b == 2
                  deny when (c >= 5 or c < 0) and c == 3
                  deny when len(d) <= 3 and len(d) > 3
                  allow when e == "x" and e > 1
                }
                """);
        List<Diagnostic> d = c.code("W102");
        assertThat(d).extracting(x -> x.span().line()).containsExactly(2, 3, 4, 5, 6);
        assertThat(d.get(0).span().location()).isEqualTo("p.mcppol:2:24");
        assertThat(d.get(0).message()).contains("'a > 2' contradicts 'a < 1' at p.mcppol:2:14");
    }

    @Test
    void w102SilentForSatisfiableConditions() {
        Checked c = Checked.unbound("""
                tool t {
                  allow when a > 1 and a < 2
                  deny when a <= 3 and a >= 3
                  deny when (b == 1 or b == 2) and b == 2
                  deny when not (c < 1) and c < 1
                  allow when d > 1 or d < 0
                }
                """);
        assertThat(c.codes()).doesNotContain("W102");
    }

    @Test
    void w102SilentForAnyElementPathsWhichTheEngineMatches() {
        String text = """
                tool t {
                  deny as both when tags[*] == "a" and tags[*] == "b"
                  deny as roles when users[*].role == "admin" and users[*].role == "guest"
                  deny as lens when len(xs[*]) < 1 and len(xs[*]) > 2
                }
                """;
        assertThat(Checked.unbound(text).codes()).doesNotContain("W102", "W103");
        dev.mcppol.compiler.semantics.Harness h = dev.mcppol.compiler.semantics.Harness.of("default allow\n" + text);
        assertThat(h.call(0, "t", "{\"tags\":[\"a\",\"b\"]}").ruleIds()).containsExactly("both");
        assertThat(h.call(0, "t", "{\"users\":[{\"role\":\"admin\"},{\"role\":\"guest\"}]}").ruleIds())
                .containsExactly("roles");
        assertThat(h.call(0, "t", "{\"xs\":[\"\",\"abc\"]}").ruleIds()).containsExactly("lens");
        // a fixed element is one value: that conjunction still can never hold
        assertThat(Checked.unbound("tool t { deny when tags[0] == \"a\" and tags[0] == \"b\" }\n").codes())
                .contains("W102");
    }

    @Test
    void w103SilentForARuleThatOnlyAddsALimit() {
        Checked c = Checked.unbound("""
                limit x = 5 per 1m
                limit y = 1 per 1m
                tool t {
                  allow as a limit x
                  allow as b limit y
                  allow as c limit x
                }
                """);
        // b never decides, but removing it changes the limits; c adds nothing a does not.
        assertThat(c.code("W103")).extracting(x -> x.span().line()).containsExactly(6);
        dev.mcppol.compiler.semantics.Harness h = dev.mcppol.compiler.semantics.Harness.of("""
                limit x = 5 per 1m
                limit y = 1 per 1m
                tool t {
                  allow as a limit x
                  allow as b limit y
                }
                """);
        h.call(0, "t", "{}");
        assertThat(h.call(1, "t", "{}").ruleIds()).containsExactly("b");
    }

    @Test
    void w103SilentOnAnInterceptToolWithTwoCounters() {
        dev.mcppol.compiler.diag.Diagnostics d = new dev.mcppol.compiler.diag.Diagnostics();
        dev.mcppol.compiler.ir.Policy p = dev.mcppol.compiler.imports.InterceptImporter.importText("p.yaml", """
                version: "1"
                tools:
                  t:
                    rules:
                      - {name: "per minute", rate_limit: 5/minute}
                      - name: "daily count"
                        conditions: [{path: "state.t.n", op: "lt", value: 100}]
                        state: {counter: "n", window: "day"}
                """, d);
        assertThat(d.all()).isEmpty();
        dev.mcppol.compiler.diag.Diagnostics checks = new dev.mcppol.compiler.compile.PolicyCompiler()
                .check(p, java.util.Map.of()).diagnostics();
        assertThat(checks.all()).extracting(dev.mcppol.compiler.diag.Diagnostic::code).doesNotContain("W103");
    }

    @Test
    void w103RuleThatNeverDecidesByTheDiagram() {
        // The allow only matches when the ask does: ask takes precedence, so it never decides.
        Checked c = Checked.unbound("tool t {\n  ask when a exists\n  allow when a exists and b exists\n"
                + "  deny when x exists and not x exists\n}\n");
        assertThat(c.code("W103")).extracting(x -> x.span().line()).containsExactly(3, 4);
        Checked fine = Checked.unbound("tool t {\n  ask when a exists\n  allow when b exists\n}\n");
        assertThat(fine.codes()).doesNotContain("W103");
    }

    @Test
    void w104LimitThatNeverApplies() {
        Checked c = Checked.unbound("""
                limit unused = 1 per 1m
                limit dead = 1 per 1m
                limit live = 1 per 1m
                tool t {
                  limit dead
                  deny
                  allow limit 5 per 1h
                }
                tool u { allow limit live }
                """);
        assertThat(c.code("W104")).extracting(x -> x.span().line()).containsExactly(1, 2, 7);
        assertThat(c.code("W104").get(0).message()).contains("declared but never used");
    }

    @Test
    void w105NegationOverOptionalArgument() {
        Checked c = Checked.everything("""
                tool get-resource-links {
                  deny when not (count < 5)
                  deny when count != 3
                  allow
                }
                tool get-sum {
                  deny when not (a < 5) or b != 2
                  allow
                }
                tool echo {
                  deny when not (message exists)
                  allow
                }
                tool get-annotated-message {
                  require includeImage
                  deny when includeImage != true
                  allow
                }
                """);
        // `count != 3` is false when count is missing (as the engine decides): only the explicit
        // negation is true then (get-sum requires a and b).
        assertThat(c.code("W105")).extracting(x -> x.span().line()).containsExactly(2);
        assertThat(c.code("W105").get(0).help()).contains("require count");
        // `not in` is false on a missing argument (it carries its own presence guard): no warning.
        assertThat(Checked.everything("tool get-resource-links {\n  allow when count not in [1, 2]\n}\n")
                .codes()).doesNotContain("W105");
        assertThat(Checked.everything("tool get-resource-links {\n  allow when not (count in [1, 2])\n}\n")
                .codes()).contains("W105");
        assertThat(c.code("W105")).noneMatch(x -> x.message().contains("!="));
        assertThat(c.code("W105").get(0).message()).startsWith("not (count < 5) is true when 'count' is missing");
    }

    @Test
    void w105TextAgreesWithTheEngine() {
        // What W105 says is true: the negated rule matches a call without the argument, `!=` does not.
        Checked c = Checked.everything("""
                tool get-resource-links {
                  deny as neg when not (count < 5)
                  deny as ne when count != 5
                  deny as notne when not (count != 5)
                  deny as guarded when count exists and not (count < 5)
                  allow
                }
                """);
        assertThat(c.code("W105")).extracting(x -> x.span().line()).containsExactly(2, 4);
        dev.mcppol.compiler.semantics.Harness h = dev.mcppol.compiler.semantics.Harness.of("""
                default allow
                tool get-sum { deny as ne when a != 5 }
                tool other { deny as neg when not (a < 5) }
                """);
        assertThat(h.call(0, "get-sum", "{}").outcome()).isEqualTo(dev.mcppol.runtime.model.Outcome.ALLOW);
        assertThat(h.call(0, "other", "{}").outcome()).isEqualTo(dev.mcppol.runtime.model.Outcome.DENY);
    }

    @Test
    void w106IdentityScopedLimitInAPolicyThatNeverLooksAtIdentity() {
        String body = "limit w = 5 per 1h per identity\ntool t { allow limit w }\n";
        assertThat(Checked.unbound(body).code("W106")).hasSize(1);
        assertThat(Checked.unbound(body).code("W106").get(0).help()).contains("--identity");
        assertThat(Checked.unbound(body + "tool * { deny when not identity exists }\n").codes()).doesNotContain("W106");
        assertThat(Checked.unbound("limit w = 5 per 1h per session\ntool t { allow limit w }\n").codes())
                .doesNotContain("W106");
    }

    @Test
    void w107ToolsNoRuleMentions() {
        Checked c = Checked.everything("default allow\ntool get-* { allow }\ntool echo { deny }\nhide toggle-*, trigger-*\n");
        List<Diagnostic> d = c.code("W107");
        assertThat(d).hasSize(1);
        assertThat(d.get(0).message()).isEqualTo(
                "2 tools are in the schemas but no rule mentions them: gzip-file-as-resource, simulate-research-query");
        assertThat(d.get(0).help()).startsWith("the default (allow) allows every call");
        assertThat(Checked.everything("default allow\ntool * { allow }\n").codes()).doesNotContain("W107");
    }

    @Test
    void w107IsSilentUnderDefaultDenyWhichAlreadySaysWhatHappensToUnnamedTools() {
        assertThat(Checked.everything("tool get-* { allow }\n").codes()).doesNotContain("W107");
        assertThat(Checked.everything("default deny\ntool get-* { allow }\n").codes()).doesNotContain("W107");
    }
}
