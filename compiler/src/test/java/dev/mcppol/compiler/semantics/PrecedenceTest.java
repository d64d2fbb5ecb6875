package dev.mcppol.compiler.semantics;

import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.ASK;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static dev.mcppol.runtime.model.Outcome.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Decision;
import org.junit.jupiter.api.Test;

/** DESIGN "Decision semantics" §1–2: deny beats ask beats allow, whatever the rule order. */
class PrecedenceTest {

    @Test
    void matchingDenyWinsOverAllowWrittenBeforeIt() {
        Harness h = Harness.of("""
                default deny
                tool t {
                  allow as ok
                  deny as no when x == 1
                }
                """);
        Decision d = h.call("t", "{\"x\":1}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.ruleIds()).containsExactly("no");
        assertThat(h.outcome("t", "{\"x\":2}")).isEqualTo(ALLOW);
    }

    @Test
    void matchingDenyWinsOverAllowWrittenAfterIt() {
        Harness h = Harness.of("""
                tool t {
                  deny as no when x == 1
                  allow as ok
                }
                """);
        assertThat(h.call("t", "{\"x\":1}").ruleIds()).containsExactly("no");
        assertThat(h.call("t", "{\"x\":1}").outcome()).isEqualTo(DENY);
    }

    @Test
    void denyBeatsAskAndTheFirstDenyingRuleInSourceOrderIsNamed() {
        Harness h = Harness.of("""
                tool t {
                  ask as human
                  deny as d1 when x > 0
                  allow as ok
                  deny as d2 when x > 5
                }
                """);
        Decision d = h.call("t", "{\"x\":9}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.ruleIds()).containsExactly("d1");
        assertThat(h.call("t", "{\"x\":1}").ruleIds()).containsExactly("d1");
    }

    @Test
    void askBeatsAllowWhenNoDenyMatches() {
        Harness h = Harness.of("""
                tool t {
                  allow as ok
                  ask as human when amount > 100 reason "big transfers need a person"
                }
                """);
        Decision d = h.call("t", "{\"amount\":500}");
        assertThat(d.outcome()).isEqualTo(ASK);
        assertThat(d.ruleIds()).containsExactly("human");
        assertThat(d.reason()).isEqualTo("big transfers need a person");
        assertThat(h.outcome("t", "{\"amount\":5}")).isEqualTo(ALLOW);
    }

    @Test
    void askWinsOverDefaultAllowToo() {
        Harness h = Harness.of("""
                default allow
                tool send { ask }
                """);
        assertThat(h.outcome("send", "{}")).isEqualTo(ASK);
        assertThat(h.outcome("other", "{}")).isEqualTo(ALLOW);
    }

    @Test
    void defaultDenyWithNoMatchingAllowDeniesWithNoRule() {
        Harness h = Harness.of("""
                default deny
                tool t { allow when x == 1 }
                """);
        Decision d = h.call("t", "{\"x\":2}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.ruleIds()).isEmpty();
        assertThat(d.ruleId()).isEqualTo("default");
        assertThat(d.reason()).contains("default is deny");
    }

    @Test
    void defaultIsDenyWhenThePolicyDoesNotSayOtherwise() {
        Harness h = Harness.of("tool t { allow when x == 1 }\n");
        assertThat(h.outcome("t", "{}")).isEqualTo(DENY);
        assertThat(h.outcome("unknown", "{}")).isEqualTo(DENY);
    }

    @Test
    void defaultAllowIsAnImplicitAllowWithNoRule() {
        Harness h = Harness.of("""
                default allow
                tool t { deny when x == 1 }
                """);
        Decision d = h.call("t", "{\"x\":2}");
        assertThat(d.outcome()).isEqualTo(ALLOW);
        assertThat(d.ruleIds()).isEmpty();
        assertThat(d.reason()).contains("default");
        assertThat(h.outcome("t", "{\"x\":1}")).isEqualTo(DENY);
    }

    @Test
    void toolLevelLimitStillAppliesToTheImplicitAllowOfDefaultAllow() {
        Harness h = Harness.of("""
                default allow
                tool t { limit 2 per 1m }
                """);
        assertThat(h.call(0, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}").outcome()).isEqualTo(ALLOW);
        Decision third = h.call(2, "t", "{}");
        assertThat(third.outcome()).isEqualTo(LIMIT);
        assertThat(third.retryAtMillis()).isEqualTo(60_000);
    }

    @Test
    void globLevelLimitAppliesToUnknownToolsUnderDefaultAllow() {
        Harness h = Harness.of("""
                default allow
                tool * { limit 1 per 1s }
                """);
        assertThat(h.call(0, "anything", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(10, "anything", "{}").outcome()).isEqualTo(LIMIT);
        // the anonymous limit counts per tool, so another tool has its own counter
        assertThat(h.call(10, "else", "{}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void toolLevelLimitDoesNotTurnADenyIntoAnAllow() {
        Harness h = Harness.of("""
                default deny
                tool t { limit 5 per 1m }
                """);
        assertThat(h.outcome("t", "{}")).isEqualTo(DENY);
    }

    @Test
    void hiddenToolIsDeniedWithAReasonMentioningHidden() {
        Harness h = Harness.of("""
                default allow
                hide secret
                tool secret { allow }
                """);
        Decision d = h.call("secret", "{}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.reason()).contains("hidden");
        assertThat(h.bundle.hidden()).containsExactly("secret");
    }

    @Test
    void hideAcceptsSeveralNamesAndGlobs() {
        Harness h = Harness.of("""
                default allow
                hide a, admin_*
                """);
        assertThat(h.outcome("a", "{}")).isEqualTo(DENY);
        assertThat(h.outcome("admin_reset", "{}")).isEqualTo(DENY);
        assertThat(h.outcome("b", "{}")).isEqualTo(ALLOW);
        assertThat(h.bundle.hidden()).containsExactly("a", "admin_*");
    }

    @Test
    void unknownToolUnderDefaultDenyIsDenied() {
        Harness h = Harness.of("""
                default deny
                tool known { allow }
                """);
        Decision d = h.call("never_heard_of", "{}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.ruleIds()).isEmpty();
        assertThat(d.reason()).contains("never_heard_of");
    }

    @Test
    void unknownToolUnderDefaultAllowIsAllowed() {
        Harness h = Harness.of("""
                default allow
                tool known { deny }
                """);
        assertThat(h.outcome("never_heard_of", "{\"x\":1}")).isEqualTo(ALLOW);
        assertThat(h.outcome("known", "{}")).isEqualTo(DENY);
    }

    @Test
    void starGlobTargetsEveryToolIncludingUnknownOnes() {
        Harness h = Harness.of("""
                default allow
                tool * { deny as no_secrets when token exists }
                """);
        assertThat(h.call("whatever", "{\"token\":\"x\"}").ruleIds()).containsExactly("no_secrets");
        assertThat(h.outcome("whatever", "{}")).isEqualTo(ALLOW);
    }

    @Test
    void prefixGlobTargetsOnlyMatchingTools() {
        Harness h = Harness.of("""
                default deny
                tool fs_* { allow }
                """);
        assertThat(h.outcome("fs_read", "{}")).isEqualTo(ALLOW);
        assertThat(h.outcome("fs_", "{}")).isEqualTo(ALLOW);
        assertThat(h.outcome("xfs_read", "{}")).isEqualTo(DENY);
        assertThat(h.outcome("fs", "{}")).isEqualTo(DENY);
    }

    @Test
    void questionMarkGlobMatchesExactlyOneCharacter() {
        Harness h = Harness.of("""
                default deny
                tool v? { allow }
                """);
        assertThat(h.outcome("v1", "{}")).isEqualTo(ALLOW);
        assertThat(h.outcome("v", "{}")).isEqualTo(DENY);
        assertThat(h.outcome("v12", "{}")).isEqualTo(DENY);
    }

    @Test
    void exactBlockAndGlobBlockBothApplyToANamedTool() {
        Harness h = Harness.of("""
                default deny
                tool fs_* { deny as no_etc when path startsWith "/etc/" }
                tool fs_read { allow as reads }
                """);
        Decision d = h.call("fs_read", "{\"path\":\"/etc/passwd\"}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.ruleIds()).containsExactly("no_etc");
        assertThat(h.call("fs_read", "{\"path\":\"/tmp/x\"}").ruleIds()).containsExactly("reads");
        // a tool matched only by the glob gets the glob's deny but no allow
        assertThat(h.call("fs_write", "{\"path\":\"/tmp/x\"}").ruleIds()).isEmpty();
        assertThat(h.outcome("fs_write", "{\"path\":\"/tmp/x\"}")).isEqualTo(DENY);
    }

    @Test
    void globAllowAndExactDenyCombineForATool() {
        Harness h = Harness.of("""
                default deny
                tool fs_* { allow as any_fs }
                tool fs_delete { deny as no_delete }
                """);
        assertThat(h.call("fs_delete", "{}").ruleIds()).containsExactly("no_delete");
        assertThat(h.call("fs_list", "{}").ruleIds()).containsExactly("any_fs");
    }

    @Test
    void severalGlobsOverlapOnAnUnknownTool() {
        Harness h = Harness.of("""
                default deny
                tool a* { allow as by_a }
                tool *z { deny as by_z }
                tool a?c { ask as by_abc }
                """);
        assertThat(h.call("abz", "{}").ruleIds()).containsExactly("by_z");
        assertThat(h.call("abc", "{}").ruleIds()).containsExactly("by_abc");
        assertThat(h.call("abcd", "{}").ruleIds()).containsExactly("by_a");
        assertThat(h.call("qz", "{}").outcome()).isEqualTo(DENY);
        assertThat(h.call("q", "{}").ruleIds()).isEmpty();
    }

    @Test
    void rulesOfAnotherToolDoNotApply() {
        Harness h = Harness.of("""
                default allow
                tool a { deny }
                """);
        assertThat(h.outcome("b", "{}")).isEqualTo(ALLOW);
        assertThat(h.outcome("a", "{}")).isEqualTo(DENY);
    }

    @Test
    void toolNamesThatAreKeywordsOrHaveDashesAndDotsWork() {
        Harness h = Harness.of("""
                default deny
                tool delete { allow as k }
                tool get-sum { allow as dash }
                tool fs.read { allow as dot }
                tool "limit" { allow as quoted }
                """);
        assertThat(h.call("delete", "{}").ruleIds()).containsExactly("k");
        assertThat(h.call("get-sum", "{}").ruleIds()).containsExactly("dash");
        assertThat(h.call("fs.read", "{}").ruleIds()).containsExactly("dot");
        assertThat(h.call("limit", "{}").ruleIds()).containsExactly("quoted");
        assertThat(h.outcome("fs_read", "{}")).isEqualTo(DENY);
    }

    @Test
    void nonObjectArgumentsAreTreatedAsNoArguments() {
        Harness h = Harness.of("""
                default deny
                tool t {
                  allow when x exists
                  allow as always_when_not_x when not (x exists)
                }
                """);
        assertThat(h.call("t", "[1,2]").ruleIds()).containsExactly("always_when_not_x");
        assertThat(h.call("t", "null").ruleIds()).containsExactly("always_when_not_x");
    }
}
