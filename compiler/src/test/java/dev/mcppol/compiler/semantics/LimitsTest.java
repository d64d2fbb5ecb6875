package dev.mcppol.compiler.semantics;

import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static dev.mcppol.runtime.model.Outcome.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Decision;
import org.junit.jupiter.api.Test;

/** DESIGN "Decision semantics" §2, §3, §6: exact sliding windows over admitted calls, keys and scopes. */
class LimitsTest {

    private static final String TWO_PER_MINUTE = """
            default deny
            tool t { allow as ok limit 2 per 1m }
            """;

    @Test
    void admitsUpToMaxInTheWindowThenLimits() {
        Harness h = Harness.of(TWO_PER_MINUTE);
        assertThat(h.call(0, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}").outcome()).isEqualTo(ALLOW);
        Decision d = h.call(2, "t", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.ruleIds()).containsExactly("ok");
        assertThat(d.limit()).isEqualTo("ok");
    }

    @Test
    void retryTimeIsTheOldestAdmittedCallPlusTheWindow() {
        Harness h = Harness.of(TWO_PER_MINUTE);
        h.call(1_000, "t", "{}");
        h.call(5_000, "t", "{}");
        Decision d = h.call(30_000, "t", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.retryAtMillis()).isEqualTo(61_000);
        assertThat(d.reason()).contains("retry in 31000 ms").contains("2 per 1m per session");
    }

    @Test
    void aCallExactlyOneWindowAfterAnAdmittedOneIsAdmittedAgain() {
        Harness h = Harness.of(TWO_PER_MINUTE);
        h.call(1_000, "t", "{}");
        h.call(5_000, "t", "{}");
        assertThat(h.call(61_000, "t", "{}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aCallOneMillisecondInsideTheWindowIsNot() {
        Harness h = Harness.of(TWO_PER_MINUTE);
        h.call(1_000, "t", "{}");
        h.call(5_000, "t", "{}");
        Decision d = h.call(60_999, "t", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.retryAtMillis()).isEqualTo(61_000);
    }

    @Test
    void limitedCallsDoNotCount() {
        Harness h = Harness.of(TWO_PER_MINUTE);
        h.call(0, "t", "{}");
        h.call(0, "t", "{}");
        for (int t = 1; t < 60_000; t += 7_000) {
            assertThat(h.call(t, "t", "{}").outcome()).isEqualTo(LIMIT);
        }
        // had the refused calls counted, these would still be limited
        assertThat(h.call(60_000, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(60_000, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(60_000, "t", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void windowSlidesRatherThanResettingOnCalendarBoundaries() {
        Harness h = Harness.of(TWO_PER_MINUTE);
        h.call(59_000, "t", "{}");
        h.call(59_500, "t", "{}");
        // a fixed one-minute window would reset at 60 000
        assertThat(h.call(60_500, "t", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(119_000, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(119_000, "t", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(119_500, "t", "{}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void deniedCallsConsumeNothing() {
        Harness h = Harness.of("""
                default deny
                tool t {
                  deny when bad == true
                  allow limit 1 per 1m
                }
                """);
        assertThat(h.call(0, "t", "{\"bad\":true}").outcome()).isEqualTo(DENY);
        assertThat(h.call(1, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(2, "t", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void sessionScopedCountersAreIndependentPerSession() {
        Harness h = Harness.of("default deny\ntool t { allow limit 1 per 1m per session }\n");
        assertThat(h.call(0, "t", "{}", "s1", "alice").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(0, "t", "{}", "s2", "alice").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(0, "t", "{}", "s1", "bob").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void scopeDefaultsToSession() {
        Harness h = Harness.of(TWO_PER_MINUTE);
        h.call(0, "t", "{}", "s1", "a");
        h.call(0, "t", "{}", "s1", "b");
        assertThat(h.call(0, "t", "{}", "s1", "c").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(0, "t", "{}", "s2", "a").outcome()).isEqualTo(ALLOW);
        assertThat(h.bundle.limits().get(0).text()).isEqualTo("2 per 1m per session");
    }

    @Test
    void identityScopedCountersAreSharedAcrossSessionsOfOneIdentity() {
        Harness h = Harness.of("default deny\ntool t { allow limit 1 per 1h per identity }\n");
        assertThat(h.call(0, "t", "{}", "s1", "alice").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}", "s2", "alice").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "t", "{}", "s1", "bob").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void globalCountersAreSharedByEveryone() {
        Harness h = Harness.of("default deny\ntool t { allow limit 2 per 1h per global }\n");
        assertThat(h.call(0, "t", "{}", "s1", "alice").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}", "s2", "bob").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(2, "t", "{}", null, null).outcome()).isEqualTo(LIMIT);
    }

    @Test
    void absentSessionsShareOneAnonymousCounter() {
        Harness h = Harness.of("default deny\ntool t { allow limit 1 per 1m per session }\n");
        assertThat(h.call(0, "t", "{}", null, "alice").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}", null, "bob").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "t", "{}", "s1", "bob").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void absentIdentitiesShareOneAnonymousCounter() {
        Harness h = Harness.of("default deny\ntool t { allow limit 1 per 1m per identity }\n");
        assertThat(h.call(0, "t", "{}", "s1", null).outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}", "s2", null).outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "t", "{}", "s2", "carol").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void anAnonymousCounterIsNotTheCounterOfASessionOrIdentityNamedLikeIt() {
        Harness h = Harness.of("default deny\ntool t { allow limit 1 per 1m per identity }\n");
        assertThat(h.call(0, "t", "{}", "s", null).outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}", "s", "anonymous").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(2, "t", "{}", "s", "identity-anonymous").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aNamedLimitIsOneCounterSharedAcrossTools() {
        Harness h = Harness.of("""
                default deny
                limit writes = 2 per 1m per session
                tool a { allow limit writes }
                tool b { allow limit writes }
                """);
        assertThat(h.call(0, "a", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "b", "{}").outcome()).isEqualTo(ALLOW);
        Decision d = h.call(2, "a", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.limit()).isEqualTo("writes");
        assertThat(h.call(3, "b", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void anInlineLimitInAGlobBlockCountsEachToolSeparately() {
        Harness h = Harness.of("""
                default deny
                tool fs_* { allow limit 2 per 1m }
                """);
        h.call(0, "fs_read", "{}");
        h.call(1, "fs_read", "{}");
        assertThat(h.call(2, "fs_read", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(3, "fs_write", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(4, "fs_write", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(5, "fs_write", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void twoInlineLimitsOnTheSameLineAreDistinct() {
        Harness h = Harness.of("""
                default deny
                tool a { allow limit 1 per 1m } tool b { allow limit 3 per 1m }
                """);
        assertThat(h.call(0, "a", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "a", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "b", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(3, "b", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(4, "b", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(5, "b", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void aToolLevelLimitAppliesToEveryAllowOfTheTool() {
        Harness h = Harness.of("""
                default deny
                tool t {
                  limit 2 per 1m
                  allow as small when n < 10
                  allow as big when n >= 10
                }
                """);
        assertThat(h.call(0, "t", "{\"n\":1}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{\"n\":50}").outcome()).isEqualTo(ALLOW);
        Decision d = h.call(2, "t", "{\"n\":1}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        // the tool's own limit refused: the decision names it (where it is written), not "small"
        assertThat(d.ruleIds()).containsExactly(Harness.FILE + ":3");
    }

    @Test
    void aRuleLimitAppliesOnlyWhenItsRuleMatches() {
        Harness h = Harness.of("""
                default deny
                tool t {
                  allow as cheap when kind == "read"
                  allow as costly when kind == "write" limit 1 per 1m
                }
                """);
        assertThat(h.call(0, "t", "{\"kind\":\"write\"}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{\"kind\":\"write\"}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "t", "{\"kind\":\"read\"}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(3, "t", "{\"kind\":\"read\"}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void everyMatchingAllowRulesLimitIsChecked() {
        Harness h = Harness.of("""
                default deny
                tool t {
                  allow as any limit 5 per 1m
                  allow as big when n > 100 limit 1 per 1m
                }
                """);
        assertThat(h.call(0, "t", "{\"n\":500}").outcome()).isEqualTo(ALLOW);
        Decision d = h.call(1, "t", "{\"n\":500}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.limit()).isEqualTo("big");
        // the decision names the rule whose limit refused, not the first allowing rule
        assertThat(d.ruleIds()).containsExactly("big");
        assertThat(h.call(2, "t", "{\"n\":1}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aLimitedCallConsumesNoneOfItsOtherLimits() {
        Harness h = Harness.of("""
                default deny
                limit shared = 3 per 1m per session
                tool a { allow limit shared limit 1 per 1m }
                tool b { allow limit shared }
                """);
        assertThat(h.call(0, "a", "{}").outcome()).isEqualTo(ALLOW);
        // a's own limit is exhausted: these must not eat into `shared`
        assertThat(h.call(1, "a", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "a", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(3, "b", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(4, "b", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(5, "b", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void whenSeveralLimitsAreExhaustedTheRetryTimeIsThatOfTheOneReported() {
        Harness h = Harness.of("""
                default deny
                limit fast = 1 per 1s per session
                limit slow = 2 per 1h per session
                tool t { allow limit fast limit slow }
                """);
        h.call(0, "t", "{}");
        assertThat(h.call(500, "t", "{}").retryAtMillis()).isEqualTo(1_000);
        assertThat(h.call(1_000, "t", "{}").outcome()).isEqualTo(ALLOW);
        Decision d = h.call(5_000, "t", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.limit()).isEqualTo("slow");
        assertThat(d.retryAtMillis()).isEqualTo(3_600_000);
    }

    @Test
    void aLimitNamedTwiceOnOneCallIsConsumedOnce() {
        Harness h = Harness.of("""
                default deny
                limit x = 2 per 1m per session
                tool t {
                  limit x
                  allow as a limit x
                  allow as b limit x
                }
                """);
        assertThat(h.call(0, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(2, "t", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void theAdvertisedRetryTimeIsWhenEveryLimitThatAppliesAdmits() {
        Harness h = Harness.of("""
                limit a1 = 1 per 1m
                limit b2 = 1 per 2m
                tool t { allow as r limit a1 limit b2 }
                """);
        assertThat(h.call(10, "t", "{}").outcome()).isEqualTo(ALLOW);
        Decision d = h.call(20, "t", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.reason()).contains("retry in 119990 ms");
        assertThat(d.limit()).isEqualTo("b2");
        assertThat(h.call(60_010, "t", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(d.retryAtMillis(), "t", "{}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aLimitDecisionNamesTheRulesWhoseLimitsRefused() {
        Harness h = Harness.of("""
                limit shared = 1 per 1m
                tool t {
                  limit shared as "tool quota" reason "one call a minute for t"
                  allow as first limit 5 per 1m
                  allow as second limit 1 per 1h
                }
                """);
        assertThat(h.call(0, "t", "{}").outcome()).isEqualTo(ALLOW);
        Decision d = h.call(1, "t", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        // "first" has room; "second" and the tool's own limit refused.
        assertThat(d.ruleIds()).containsExactly("second", "tool quota");
        assertThat(d.reason()).contains("one call a minute for t");
        assertThat(h.call(60_000, "t", "{}").ruleIds()).containsExactly("second");
        // allow/deny/ask decisions still name the first deciding rule.
        assertThat(h.call(3_600_000, "t", "{}").ruleIds()).containsExactly("first");
    }

    @Test
    void aToolLimitWithoutANameIsNamedWhereItIsWritten() {
        Harness h = Harness.of("default allow\nlimit g = 1 per 1m\ntool * {\n  limit g\n}\n");
        h.call(0, "x", "{}");
        Decision d = h.call(1, "x", "{}");
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.ruleId()).endsWith(":4");
    }

    @Test
    void namedRuleWithInlineLimitNamesTheLimitAfterTheRule() {
        Harness h = Harness.of("default deny\ntool t { allow as run limit 1 per 1m }\n");
        h.call(0, "t", "{}");
        Decision d = h.call(1, "t", "{}");
        assertThat(d.limit()).isEqualTo("run");
        assertThat(d.reason()).startsWith("rate limit run (1 per 1m per session) is exhausted");
    }

    @Test
    void limitsThatAdmitNothingOrCannotBeCountedAreRefusedAtCheck() {
        for (String bad : new String[] {"limit 99999999999999999999 per 1m", "limit 4503599628 per 1m",
                "limit 0 per 1m", "limit sum(a) <= 0.0000001 per 1m", "limit sum(a) <= 4503599628 per 1m"}) {
            var d = Harness.errorsOf("tool t { allow " + bad + " }\n");
            assertThat(d.all()).as(bad).extracting(x -> x.code()).containsExactly("E110");
            assertThat(d.all().get(0).span().line()).isEqualTo(1);
        }
        assertThat(Harness.errorsOf("tool t { allow limit 99999999999999999999 per 1m }\n").all().get(0).help())
                .contains("4503599627");
        var named = Harness.errorsOf("limit big = 99999999999999999999 per 1m\ntool t { allow limit big }\n");
        assertThat(named.all()).extracting(x -> x.code()).containsExactly("E110");
        for (String ok : new String[] {"limit 4503599627 per 1m", "limit sum(a) <= 4503599627.370496 per 1m",
                "limit sum(a) <= 0 per 1m"}) {
            assertThat(Harness.errorsOf("tool t { allow " + ok + " }\n").hasErrors()).as(ok).isFalse();
        }
        // the largest count is counted: it does not deny as uncountable
        Harness h = Harness.of("tool t { allow limit 4503599627 per 1m }\n");
        assertThat(h.call(0, "t", "{}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void limitsOnAnythingButAllowAreACompileError() {
        assertThat(Harness.errorsOf("tool t { deny limit 1 per 1m }\n").hasErrors()).isTrue();
        assertThat(Harness.errorsOf("tool t { ask limit 1 per 1m }\n").hasErrors()).isTrue();
    }

    @Test
    void anUndeclaredLimitIsACompileErrorWithASuggestion() {
        var d = Harness.errorsOf("limit writes = 1 per 1m\ntool t { allow limit wirtes }\n");
        assertThat(d.hasErrors()).isTrue();
        assertThat(d.all()).anySatisfy(x -> assertThat(x.help()).contains("writes"));
    }

    @Test
    void zeroAndOverlongWindowsAreCompileErrors() {
        assertThat(Harness.errorsOf("tool t { allow limit 1 per 0s }\n").hasErrors()).isTrue();
        assertThat(Harness.errorsOf("tool t { allow limit 1 per 367d }\n").hasErrors()).isTrue();
        assertThat(Harness.errorsOf("tool t { allow limit 1 per 366d }\n").hasErrors()).isFalse();
    }

    @Test
    void aWindowLiteralThatOverflowsIsACompileError() {
        assertThat(Harness.errorsOf("tool t { allow limit 1 per 999999999999d }\n").hasErrors()).isTrue();
        // 213503982335 days wraps a long around to about 9.5 hours
        assertThat(Harness.errorsOf("tool t { allow limit 1 per 213503982335d }\n").hasErrors()).isTrue();
    }

    @Test
    void anInlineLimitOfARuleNamedLikeADeclaredLimitDoesNotReplaceIt() {
        Harness h = Harness.of("""
                default deny
                limit run = 3 per 1m per session
                tool a { allow limit run }
                tool b { allow as run limit 1 per 1m }
                """);
        h.call(0, "b", "{}");
        assertThat(h.call(1, "b", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "a", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(3, "a", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(4, "a", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(5, "a", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void millisecondWindowsWork() {
        Harness h = Harness.of("default deny\ntool t { allow limit 1 per 250ms }\n");
        assertThat(h.call(0, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(249, "t", "{}").retryAtMillis()).isEqualTo(250);
        assertThat(h.call(250, "t", "{}").outcome()).isEqualTo(ALLOW);
    }
}
