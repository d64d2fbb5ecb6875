package dev.mcppol.compiler.semantics;

import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static dev.mcppol.runtime.model.Outcome.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Decision;
import org.junit.jupiter.api.Test;

/** DESIGN "Decision semantics" §3 and §7: sum budgets over an argument. */
class BudgetTest {

    private static Harness spend() {
        return Harness.of("""
                default deny
                limit spend = sum(amount) <= 100 per 1h per identity
                tool pay { allow as payments limit spend }
                """);
    }

    private static String amount(String v) {
        return "{\"amount\":" + v + "}";
    }

    @Test
    void budgetSumsTheArgumentAndAdmitsAnExactFit() {
        Harness h = spend();
        assertThat(h.call(0, "pay", amount("60")).outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "pay", amount("40")).outcome()).isEqualTo(ALLOW);
        assertThat(h.call(2, "pay", amount("0")).outcome()).isEqualTo(ALLOW);
        assertThat(h.call(3, "pay", amount("1")).outcome()).isEqualTo(LIMIT);
    }

    @Test
    void overBudgetIsLimitedWithRetryWhenEnoughHasSlidOut() {
        Harness h = spend();
        h.call(0, "pay", amount("60"));
        h.call(10, "pay", amount("30"));
        Decision small = h.call(20, "pay", amount("50"));
        assertThat(small.outcome()).isEqualTo(LIMIT);
        assertThat(small.limit()).isEqualTo("spend");
        assertThat(small.retryAtMillis()).isEqualTo(3_600_000);
        Decision large = h.call(20, "pay", amount("80"));
        assertThat(large.retryAtMillis()).isEqualTo(3_600_010);
        assertThat(large.reason()).startsWith("budget spend (sum(amount) <= 100 per 1h per identity) is exhausted");
    }

    @Test
    void aLimitedBudgetCallConsumesNothing() {
        Harness h = spend();
        h.call(0, "pay", amount("90"));
        assertThat(h.call(1, "pay", amount("20")).outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "pay", amount("10")).outcome()).isEqualTo(ALLOW);
    }

    @Test
    void budgetSlidesOutAfterTheWindow() {
        Harness h = spend();
        h.call(0, "pay", amount("100"));
        assertThat(h.call(3_599_999, "pay", amount("1")).outcome()).isEqualTo(LIMIT);
        assertThat(h.call(3_600_000, "pay", amount("100")).outcome()).isEqualTo(ALLOW);
    }

    @Test
    void budgetIsPerIdentityAcrossSessions() {
        Harness h = spend();
        assertThat(h.call(0, "pay", amount("100"), "s1", "alice").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "pay", amount("1"), "s2", "alice").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "pay", amount("100"), "s1", "bob").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aNegativeAmountDenies() {
        Decision d = spend().call(0, "pay", amount("-5"));
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.limit()).isEqualTo("spend");
        assertThat(d.reason()).contains("non-negative number").contains("amount");
    }

    @Test
    void aMissingAmountDenies() {
        Decision d = spend().call(0, "pay", "{}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.ruleIds()).containsExactly("payments");
    }

    @Test
    void aNonNumericAmountDenies() {
        Harness h = spend();
        assertThat(h.call(0, "pay", amount("\"50\"")).outcome()).isEqualTo(DENY);
        assertThat(h.call(0, "pay", amount("null")).outcome()).isEqualTo(DENY);
        assertThat(h.call(0, "pay", amount("[50]")).outcome()).isEqualTo(DENY);
        assertThat(h.call(0, "pay", amount("true")).outcome()).isEqualTo(DENY);
    }

    @Test
    void anAmountLargerThanTheWholeBudgetDeniesRatherThanLimits() {
        Harness h = spend();
        Decision d = h.call(0, "pay", amount("100.01"));
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.reason()).contains("exceeds the whole budget of 100 per 1h");
        // and it consumed nothing
        assertThat(h.call(1, "pay", amount("100")).outcome()).isEqualTo(ALLOW);
    }

    @Test
    void decimalAmountsAddUpExactly() {
        Harness h = Harness.of("""
                default deny
                limit spend = sum(cost) <= 0.3 per 1m per session
                tool t { allow limit spend }
                """);
        assertThat(h.call(0, "t", "{\"cost\":0.1}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "t", "{\"cost\":0.1}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(2, "t", "{\"cost\":0.1}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(3, "t", "{\"cost\":0.000001}").outcome()).isEqualTo(LIMIT);
        // Budgets count in millionths: a finer amount can never be counted exactly, so it is denied.
        assertThat(h.call(4, "t", "{\"cost\":0.0000001}").outcome()).isEqualTo(DENY);
    }

    @Test
    void budgetOnANestedPath() {
        Harness h = Harness.of("""
                default deny
                limit tokens = sum(usage.tokens) <= 1000 per 1d per global
                tool llm { allow limit tokens }
                """);
        assertThat(h.call(0, "llm", "{\"usage\":{\"tokens\":999}}").outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "llm", "{\"usage\":{\"tokens\":2}}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "llm", "{\"usage\":{\"tokens\":1}}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aBudgetPathFanningOutToSeveralValuesDenies() {
        Harness h = Harness.of("""
                default deny
                limit spend = sum(items[*].cost) <= 100 per 1h per session
                tool t { allow limit spend }
                """);
        assertThat(h.call(0, "t", "{\"items\":[{\"cost\":1},{\"cost\":2}]}").outcome()).isEqualTo(DENY);
        assertThat(h.call(0, "t", "{\"items\":[{\"cost\":1}]}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aBudgetAndACountOnOneCallAreAllOrNothing() {
        Harness h = Harness.of("""
                default deny
                limit spend = sum(amount) <= 100 per 1h per session
                tool pay { allow limit spend limit 2 per 1h }
                """);
        assertThat(h.call(0, "pay", amount("10")).outcome()).isEqualTo(ALLOW);
        assertThat(h.call(1, "pay", amount("95")).outcome()).isEqualTo(LIMIT);
        assertThat(h.call(2, "pay", amount("90")).outcome()).isEqualTo(ALLOW);
        Decision d = h.call(3, "pay", amount("0"));
        assertThat(d.outcome()).isEqualTo(LIMIT);
        assertThat(d.limit()).isNotEqualTo("spend");
    }

    @Test
    void aDenyRuleStillWinsBeforeTheBudgetIsLookedAt() {
        Harness h = Harness.of("""
                default deny
                limit spend = sum(amount) <= 100 per 1h per session
                tool pay {
                  deny as no_foreign when currency != "EUR"
                  allow limit spend
                }
                """);
        Decision d = h.call(0, "pay", "{\"amount\":-1,\"currency\":\"USD\"}");
        assertThat(d.ruleIds()).containsExactly("no_foreign");
        assertThat(d.limit()).isNull();
    }

    @Test
    void aNegativeBudgetMaximumIsACompileError() {
        assertThat(Harness.errorsOf("limit s = sum(a) <= -1 per 1h\n").hasErrors()).isTrue();
    }
}
