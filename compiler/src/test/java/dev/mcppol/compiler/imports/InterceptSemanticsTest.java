package dev.mcppol.compiler.imports;

import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.ASK;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static dev.mcppol.runtime.model.Outcome.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.engine.Decision;
import org.junit.jupiter.api.Test;

/** Intercept's own schema, decided through the runtime's engine. */
class InterceptSemanticsTest {

    /** One evaluate rule on tool t with one condition; the call is allowed iff the condition holds. */
    private static Imported.Driver condition(String path, String op, String value) {
        return new Imported.Driver(Imported.intercept("""
                version: "1"
                tools:
                  t:
                    rules:
                      - name: "c"
                        conditions:
                          - path: "%s"
                            op: "%s"
                            value: %s
                        on_deny: "nope"
                """.formatted(path, op, value)));
    }

    @Test
    void eqIsTypedAndNumeric() {
        Imported.Driver d = condition("args.n", "eq", "5");
        assertThat(d.outcome("t", "{\"n\":5}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{\"n\":5.0}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{\"n\":\"5\"}")).isEqualTo(DENY);
        assertThat(d.outcome("t", "{}")).isEqualTo(DENY);
        Decision x = d.call("t", "{\"n\":6}");
        assertThat(x.ruleId()).isEqualTo("c");
        assertThat(x.reason()).contains("nope");
    }

    @Test
    void neqFailsOnAMissingPath() {
        Imported.Driver d = condition("args.mode", "neq", "\"prod\"");
        assertThat(d.outcome("t", "{\"mode\":\"dev\"}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{\"mode\":\"prod\"}")).isEqualTo(DENY);
        assertThat(d.outcome("t", "{}")).isEqualTo(DENY);
    }

    @Test
    void inAndNotIn() {
        Imported.Driver in = condition("args.c", "in", "[\"usd\", \"eur\"]");
        assertThat(in.outcome("t", "{\"c\":\"usd\"}")).isEqualTo(ALLOW);
        assertThat(in.outcome("t", "{\"c\":\"gbp\"}")).isEqualTo(DENY);
        assertThat(in.outcome("t", "{}")).isEqualTo(DENY);
        Imported.Driver notIn = condition("args.c", "not_in", "[\"gbp\"]");
        assertThat(notIn.outcome("t", "{\"c\":\"usd\"}")).isEqualTo(ALLOW);
        assertThat(notIn.outcome("t", "{\"c\":\"gbp\"}")).isEqualTo(DENY);
        assertThat(notIn.outcome("t", "{}")).isEqualTo(DENY);
        assertThat(notIn.outcome("t", "{\"c\":null}")).as("null is present, and not in the list").isEqualTo(ALLOW);
    }

    @Test
    void orderingsNeedNumbers() {
        Imported.Driver lt = condition("args.a", "lt", "10");
        assertThat(lt.outcome("t", "{\"a\":9.5}")).isEqualTo(ALLOW);
        assertThat(lt.outcome("t", "{\"a\":10}")).isEqualTo(DENY);
        assertThat(lt.outcome("t", "{\"a\":\"1\"}")).isEqualTo(DENY);
        assertThat(lt.outcome("t", "{}")).isEqualTo(DENY);
        assertThat(condition("args.a", "lte", "10").outcome("t", "{\"a\":10}")).isEqualTo(ALLOW);
        assertThat(condition("args.a", "gt", "10").outcome("t", "{\"a\":10}")).isEqualTo(DENY);
        assertThat(condition("args.a", "gt", "10").outcome("t", "{\"a\":11}")).isEqualTo(ALLOW);
        assertThat(condition("args.a", "gte", "10").outcome("t", "{\"a\":10}")).isEqualTo(ALLOW);
        assertThat(condition("args.a", "gte", "10").outcome("t", "{\"a\":9}")).isEqualTo(DENY);
    }

    @Test
    void regexIsUnanchoredAndOnlyForStrings() {
        Imported.Driver d = condition("args.email", "regex", "\"@example\\\\.com$\"");
        assertThat(d.outcome("t", "{\"email\":\"a@example.com\"}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{\"email\":\"a@example.org\"}")).isEqualTo(DENY);
        assertThat(d.outcome("t", "{\"email\":42}")).isEqualTo(DENY);
        assertThat(condition("args.s", "regex", "\"b\"").outcome("t", "{\"s\":\"abc\"}")).isEqualTo(ALLOW);
    }

    @Test
    void containsIsSubstringOrElement() {
        Imported.Driver d = condition("args.x", "contains", "\"ad\"");
        assertThat(d.outcome("t", "{\"x\":\"read\"}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{\"x\":[\"ad\",\"b\"]}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{\"x\":[\"read\"]}")).isEqualTo(DENY);
        assertThat(d.outcome("t", "{}")).isEqualTo(DENY);
    }

    @Test
    void existsTrueIsFalseForNullAndExistsFalseHoldsWhenMissing() {
        Imported.Driver yes = condition("args.k", "exists", "true");
        assertThat(yes.outcome("t", "{\"k\":1}")).isEqualTo(ALLOW);
        assertThat(yes.outcome("t", "{\"k\":null}")).isEqualTo(DENY);
        assertThat(yes.outcome("t", "{}")).isEqualTo(DENY);
        Imported.Driver no = condition("args.k", "exists", "false");
        assertThat(no.outcome("t", "{}")).isEqualTo(ALLOW);
        assertThat(no.outcome("t", "{\"k\":1}")).isEqualTo(DENY);
    }

    @Test
    void nestedPaths() {
        Imported.Driver d = condition("args.a.b", "eq", "true");
        assertThat(d.outcome("t", "{\"a\":{\"b\":true}}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{\"a\":{\"b\":false}}")).isEqualTo(DENY);
        assertThat(d.outcome("t", "{\"a\":1}")).isEqualTo(DENY);
    }

    @Test
    void starRuleKeepsItsNameAndMessageInDecisions() {
        // Intercept's own valid_policy.yaml: the "*" tool's rule "global rate limit", 60 calls a
        // minute over all tools ("lt 60" admits 59), with an on_deny text.
        Imported.Driver d = new Imported.Driver(Imported.intercept(Imported.resource("intercept/valid_policy.yaml")));
        for (int i = 0; i < 59; i++) {
            assertThat(d.outcome("list_customers", "{}")).as("call " + i).isEqualTo(ALLOW);
        }
        Decision limited = d.call("list_customers", "{}");
        assertThat(limited.outcome()).isEqualTo(LIMIT);
        assertThat(limited.ruleIds()).containsExactly("global rate limit");
        assertThat(limited.limit()).isEqualTo("_global_calls_per_minute");
        assertThat(limited.reason()).contains("Rate limit: maximum 60 tool calls per minute").contains("retry in");
    }

    @Test
    void limitDecisionNamesTheRuleWhoseCounterRefused() {
        // Two counters on one tool: the call is refused by the second rule's counter, so the
        // decision names that rule (as Intercept reports the rule whose reservation failed).
        Imported.Driver d = new Imported.Driver(Imported.intercept("""
                version: "1"
                tools:
                  upload:
                    rules:
                      - name: "upload quota"
                        rate_limit: 100/hour
                      - name: "bytes budget"
                        conditions:
                          - {path: "state.upload.bytes", op: "lte", value: 10}
                        state: {counter: "bytes", window: "hour", increment_from: "args.size"}
                        on_deny: "10 bytes an hour"
                """));
        assertThat(d.outcome("upload", "{\"size\":8}")).isEqualTo(ALLOW);
        Decision over = d.call("upload", "{\"size\":5}");
        assertThat(over.outcome()).isEqualTo(LIMIT);
        assertThat(over.ruleIds()).containsExactly("bytes budget");
        assertThat(over.reason()).contains("10 bytes an hour");
    }

    @Test
    void rateLimitsOfDifferentWindowsOnOneToolAreTwoCounters() {
        Imported.Driver d = new Imported.Driver(Imported.intercept("""
                version: "1"
                tools:
                  t:
                    rules:
                      - {name: "burst", rate_limit: 2/minute}
                      - {name: "hourly", rate_limit: 3/hour}
                """));
        assertThat(d.outcome("t", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("t", "{}")).isEqualTo(ALLOW);
        assertThat(d.call("t", "{}").ruleIds()).containsExactly("burst");
        d.now += 60_000;
        assertThat(d.outcome("t", "{}")).isEqualTo(ALLOW);
        assertThat(d.call("t", "{}").ruleIds()).containsExactly("hourly");
    }

    @Test
    void stripeExample() {
        Policy p = Imported.intercept(Imported.resource("intercept/valid_policy.yaml"));
        Imported.Driver d = new Imported.Driver(p);
        assertThat(d.outcome("create_charge", "{\"amount\":60000,\"currency\":\"usd\"}")).isEqualTo(DENY);
        assertThat(d.call("create_charge", "{\"amount\":60000,\"currency\":\"usd\"}").reason())
                .contains("Single charge cannot exceed");
        assertThat(d.outcome("create_charge", "{\"amount\":100,\"currency\":\"gbp\"}")).isEqualTo(DENY);
        assertThat(d.outcome("delete_customer", "{}")).isEqualTo(DENY);
        // 20 charges of 49,999 stay below 1,000,000; the 21st would reach it.
        for (int i = 0; i < 20; i++) {
            d.now += 1000;
            assertThat(d.outcome("create_charge", "{\"amount\":49999,\"currency\":\"eur\"}")).as("charge " + i)
                    .isEqualTo(ALLOW);
        }
        d.now += 1000;
        Decision over = d.call("create_charge", "{\"amount\":49999,\"currency\":\"eur\"}");
        assertThat(over.outcome()).isEqualTo(LIMIT);
        // Global counter: 60 calls per minute across all tools, "lt 60" admits 59.
        assertThat(p.limits()).anyMatch(l -> l.name().equals("_global_calls_per_minute")
                && l.spec().max().intValue() == 59);
    }

    @Test
    void rateLimitIsGlobalAcrossSessionsAndLtAdmitsNMinusOne() {
        Imported.Driver d = new Imported.Driver(Imported.intercept("""
                version: "1"
                tools:
                  create_issue:
                    rules:
                      - name: "hourly"
                        rate_limit: 2/hour
                  refund:
                    rules:
                      - name: "daily"
                        conditions:
                          - path: "state.refund.n"
                            op: "lt"
                            value: 3
                        state:
                          counter: "n"
                          window: "day"
                """));
        assertThat(d.outcome("create_issue", "{}")).isEqualTo(ALLOW);
        d.session = "other";
        d.identity = "bob";
        assertThat(d.outcome("create_issue", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("create_issue", "{}")).isEqualTo(LIMIT);
        assertThat(d.outcome("refund", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("refund", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("refund", "{}")).isEqualTo(LIMIT);
        d.now += 3_600_000L + 1;
        assertThat(d.outcome("create_issue", "{}")).isEqualTo(ALLOW);
    }

    @Test
    void incrementScalesACount() {
        Policy p = Imported.intercept("""
                version: "1"
                tools:
                  t:
                    rules:
                      - name: "r"
                        conditions:
                          - path: "state.t.c"
                            op: "lte"
                            value: 10
                        state: {counter: "c", window: "minute", increment: 3}
                """);
        assertThat(p.limits().get(0).spec().max().intValue()).isEqualTo(3);
    }

    @Test
    void defaultDenyListsToolsAndStarRulesApplyToEveryTool() {
        Imported.Driver d = new Imported.Driver(Imported.intercept(
                Imported.resource("intercept/default_deny_policy.yaml")));
        assertThat(d.outcome("read_file", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("unlisted", "{}")).isEqualTo(DENY);
        assertThat(d.call("unlisted", "{}").ruleId()).isEqualTo("default");
        assertThat(d.outcome("delete_customer", "{}")).isEqualTo(DENY);
        for (int i = 0; i < 5; i++) {
            assertThat(d.outcome("create_issue", "{}")).isEqualTo(ALLOW);
        }
        assertThat(d.outcome("create_issue", "{}")).isEqualTo(LIMIT);
        // 60/minute across all tools: 6 calls used, 54 reads left, then the global limit.
        for (int i = 0; i < 54; i++) {
            assertThat(d.outcome("read_file", "{}")).as("read " + i).isEqualTo(ALLOW);
        }
        assertThat(d.outcome("read_file", "{}")).isEqualTo(LIMIT);
        assertThat(d.outcome("unlisted", "{}")).as("denied before the * limit").isEqualTo(DENY);
    }

    @Test
    void hideAndRequireApproval() {
        Imported.Driver d = new Imported.Driver(Imported.intercept("""
                version: "1"
                hide: ["secret"]
                tools:
                  send:
                    rules:
                      - name: "approve"
                        action: "require_approval"
                        on_deny: "a person approves mail"
                """));
        assertThat(d.outcome("secret", "{}")).isEqualTo(DENY);
        assertThat(d.engine.isHidden("secret")).isTrue();
        assertThat(d.outcome("send", "{}")).isEqualTo(ASK);
        assertThat(d.outcome("other", "{}")).isEqualTo(ALLOW);
    }

    @Test
    void hideStarHidesEverything() {
        Imported.Driver d = new Imported.Driver(Imported.intercept("version: \"1\"\nhide: [\"*\"]\n"));
        assertThat(d.outcome("anything", "{}")).isEqualTo(DENY);
    }

    @Test
    void pagesDialect() {
        Imported.Driver d = new Imported.Driver(Imported.intercept("""
                default: deny
                tools:
                  jupyter_execute_code:
                    rules:
                      - action: allow
                        rate_limit:
                          max: 2
                          window: 60
                        validate:
                          required_args: true
                  rm:
                    rules:
                      - action: deny
                        reason: "never"
                """));
        d.schema = Imported.json("{\"type\":\"object\",\"required\":[\"code\"]}");
        assertThat(d.outcome("jupyter_execute_code", "{}")).isEqualTo(DENY);
        assertThat(d.outcome("jupyter_execute_code", "{\"code\":\"1\"}")).isEqualTo(ALLOW);
        assertThat(d.outcome("jupyter_execute_code", "{\"code\":\"1\"}")).isEqualTo(ALLOW);
        assertThat(d.outcome("jupyter_execute_code", "{\"code\":\"1\"}")).isEqualTo(LIMIT);
        d.session = "s2"; // per session
        assertThat(d.outcome("jupyter_execute_code", "{\"code\":\"1\"}")).isEqualTo(ALLOW);
        assertThat(d.call("rm", "{}").reason()).contains("never");
        assertThat(d.outcome("other", "{}")).isEqualTo(DENY);
    }
}
