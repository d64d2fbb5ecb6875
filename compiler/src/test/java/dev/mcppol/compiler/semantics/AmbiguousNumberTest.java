package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.model.Outcome;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §5: a number a condition reads must mean the same to every common JSON reader (exact
 * decimal, IEEE double, int64); where the decision depends on the reading, the call is denied with
 * rule {@code mcppol:ambiguous-number}. Engine, re-read bundle and reference interpreter agree (Harness).
 */
class AmbiguousNumberTest {

    private static Decision call(String policy, String args) {
        return Harness.of("default allow\ntool t { " + policy + " }\n").call("t", args);
    }

    private static void ambiguous(String policy, String args) {
        Decision d = call(policy, args);
        assertThat(d.outcome()).as(policy + " on " + args).isEqualTo(Outcome.DENY);
        assertThat(d.ruleIds()).as(policy + " on " + args).containsExactly(Engine.RULE_AMBIGUOUS_NUMBER);
        assertThat(d.reason()).contains("reads differently").doesNotContain("999.999");
    }

    @Test
    void theIssuesThreeProbesAreDeniedAsAmbiguous() {
        ambiguous("deny when a >= 1000", "{\"a\": 999.99999999999999999}");
        ambiguous("deny when a == 666", "{\"a\": 666.0000000000000001}");
        ambiguous("deny when b <= 0", "{\"b\": 1e-400}");
    }

    @Test
    void anAllowRuleCannotBeSlippedPastEither() {
        ambiguous("deny as big when a > 1000 allow when a <= 1000", "{\"a\": 1000.00000000000000001}");
        Decision d = Harness.of("default deny\ntool t { allow when a < 1000 }\n").call("t", "{\"a\": 999.99999999999999999}");
        assertThat(d.ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_NUMBER);
    }

    @Test
    void int64WrappingIntegersAreAmbiguousWhereTheyMatter() {
        // 2^64 + 1 wraps to 1 in an int64 reader.
        ambiguous("deny when n > 100", "{\"n\": 18446744073709551617}");
        ambiguous("deny when n > 100", "{\"n\": 1e64}"); // a multiple of 2^64: wraps to 0
    }

    @Test
    void numbersInListsAndSetsAreReadToo() {
        ambiguous("deny when ids contains 7", "{\"ids\": [1, 7.000000000000000001]}");
        ambiguous("deny when a in [1, 2]", "{\"a\": 2.0000000000000000001}");
        ambiguous("deny when xs[*] > 10", "{\"xs\": [1, 10.000000000000000001]}");
    }

    @Test
    void decimalsEveryReaderReadsAlikeAreDecidedNormally() {
        assertThat(call("deny when a == 0.1", "{\"a\": 0.1}").outcome()).isEqualTo(Outcome.DENY);
        assertThat(call("deny when a == 0.1", "{\"a\": 0.1}").ruleIds()).doesNotContain(Engine.RULE_AMBIGUOUS_NUMBER);
        assertThat(call("deny when a >= 1000", "{\"a\": 999.5}").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(call("deny when a >= 1000", "{\"a\": 1000.0}").ruleIds()).containsExactly("p.mcppol:2");
        assertThat(call("deny when b <= 0", "{\"b\": 1e-300}").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aNumberNoConditionReadsIsNotAmbiguous() {
        // Read by no condition whose result it could change: decided as usual (and forwarded untouched).
        assertThat(call("deny when a >= 1000", "{\"a\": 5, \"other\": 999.99999999999999999}").outcome())
                .isEqualTo(Outcome.ALLOW);
        assertThat(call("deny when a >= 1000", "{\"a\": 5, \"other\": 1e-999999999}").outcome())
                .isEqualTo(Outcome.ALLOW);
    }

    @Test
    void hugeExponentsAreReadInBoundedTimeAndMemory() {
        ambiguous("deny when b <= 0", "{\"b\": 1e-999999999}");
        ambiguous("deny when b > 5", "{\"b\": 1e999999999}");
    }
}
