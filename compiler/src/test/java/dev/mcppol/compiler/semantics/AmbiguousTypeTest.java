package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.model.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A string given where the tool's schema declares another type reads as that type to a lax server
 * (pydantic, FastMCP): where the decision depends on it, the call is denied with rule
 * {@code mcppol:ambiguous-type}. Engine, re-read bundle and reference interpreter agree (Harness).
 */
class AmbiguousTypeTest {
    private static final String SCHEMA = "{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\",\"properties\":{"
            + "\"a\":{\"type\":\"number\"},\"flag\":{\"type\":\"boolean\"},\"xs\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}},"
            + "\"o\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}},\"s\":{\"type\":\"string\"}}}}";

    private static Decision call(String policy, String args) {
        return Harness.of("default allow\ntool t { " + policy + " }\n", Map.of("t", Harness.json(SCHEMA))).call("t", args);
    }

    private static void ambiguous(String policy, String args) {
        Decision d = call(policy, args);
        assertThat(d.outcome()).as(policy + " on " + args).isEqualTo(Outcome.DENY);
        assertThat(d.ruleIds()).as(policy + " on " + args).containsExactly(Engine.RULE_AMBIGUOUS_TYPE);
        assertThat(d.reason()).contains("inputSchema declares another type");
    }

    @Test
    void aNumberAsAStringCannotSlipPastADenyOrIntoAnAllow() {
        ambiguous("deny when a > 100", "{\"a\": \"1000\"}");
        ambiguous("deny when a > 100", "{\"a\": \"1e3\"}");
        Decision d = Harness.of("default deny\ntool t { allow when a <= 100 }\n", Map.of("t", Harness.json(SCHEMA)))
                .call("t", "{\"a\": \"50\"}");
        assertThat(d.ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_TYPE);
    }

    @Test
    void aBooleanWhereANumberIsDeclared() {
        // pydantic reads true as 1 for an int or float field
        ambiguous("deny when a >= 1", "{\"a\": true}");
        assertThat(call("deny when a >= 1", "{\"a\": false}").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void booleansListsAndObjectsAsStrings() {
        ambiguous("deny when flag == true", "{\"flag\": \"yes\"}");
        ambiguous("deny when xs contains 7", "{\"xs\": \"[1, 7]\"}");
        ambiguous("deny when xs[*] > 5", "{\"xs\": [1, \"9\"]}");
        ambiguous("deny when o.n > 1", "{\"o\": \"{\\\"n\\\": 1, \\\"n\\\": 2}\"}");
    }

    @Test
    void decidedAsUsualWhereTheReadingsAgreeOrAStringIsDeclared() {
        assertThat(call("deny when a > 100", "{\"a\": \"5\"}").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(call("deny when a > 100", "{\"a\": 500}").ruleIds()).containsExactly("p.mcppol:2");
        // s is declared a string: a server reads "5" as the string it is
        assertThat(call("deny when s == 5", "{\"s\": \"5\"}").outcome()).isEqualTo(Outcome.ALLOW);
        // a string the decision does not depend on
        assertThat(call("deny when a > 100", "{\"a\": 5, \"flag\": \"yes\"}").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void theNumberReadingsApplyToWhatTheStringReadsAs() {
        ambiguous("deny when a >= 1000", "{\"a\": \"999.99999999999999999\"}");
    }
}
