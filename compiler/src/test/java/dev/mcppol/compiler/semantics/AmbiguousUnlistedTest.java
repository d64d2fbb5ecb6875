package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A call on its way to a server ({@link Engine#decideServed}) with no schema of the tool known: where
 * the policy would admit it and the decision depends on an argument the call leaves out (a default the
 * server may fill in) or gives as a value a lax server may read as another type, it is denied
 * ({@code mcppol:ambiguous-unlisted}). With the schema known, the lax reading decides instead; the
 * policy's own decision ({@link Engine#decide}) keeps "a test of a missing argument is false".
 */
class AmbiguousUnlistedTest {
    private static final String POLICY = """
            default allow
            limit few = 100 per 1m
            tool t { deny when count > 2  allow when mode == "fast" limit few }
            """;

    private static Decision served(String policy, String args, Map<String, tools.jackson.databind.JsonNode> schemas,
                                   tools.jackson.databind.JsonNode sessionSchema) {
        Harness h = Harness.of(policy, schemas);
        return new Engine(h.reread, new InMemoryLimiter()).decideServed(new Call("t", Harness.json(args), "s", null, 0,
                sessionSchema));
    }

    private static Decision served(String args) {
        return served(POLICY, args, Map.of(), null);
    }

    @Test
    void anArgumentLeftOutThatADenyTestsIsNotAdmittedUnseen() {
        Decision d = served("{\"mode\": \"fast\"}");
        assertThat(d.ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_UNLISTED);
        assertThat(d.reason()).contains("'count' (left out: the server may fill in a default)")
                .contains("call tools/list first");
        // the policy's own decision is unchanged
        assertThat(Harness.of(POLICY).call("t", "{\"mode\": \"fast\"}").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aValueALaxServerReadsAsAnotherTypeIsNotAdmittedUnseen() {
        assertThat(served("{\"count\": \"7\", \"mode\": \"fast\"}").reason())
                .contains("'count' (given as a value a lax server may read as another type)");
        // pydantic's int takes true for 1: past a deny of 1 or more
        assertThat(served("default allow\ntool t { deny when count >= 1 }\n", "{\"count\": true}", Map.of(), null)
                .ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_UNLISTED);
        // read as 1, true decides as it does: nothing to deny
        assertThat(served("{\"count\": true, \"mode\": \"fast\"}").ruleIds()).containsExactly("p.mcppol:3");
    }

    @Test
    void decidedAsUsualWhereNothingCouldReadOtherwise() {
        assertThat(served("{\"count\": 1, \"mode\": \"fast\"}").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(served("{\"count\": 9, \"mode\": \"fast\"}").ruleIds()).containsExactly("p.mcppol:3");
        // "slow" is no other type to anyone; a denial stays the policy's own
        assertThat(served("{\"count\": 1, \"mode\": \"slow\"}").outcome()).isEqualTo(Outcome.ALLOW);
        Decision byDefault = served("default deny\ntool t { allow when count <= 2 }\n", "{}", Map.of(), null);
        assertThat(byDefault.outcome()).isEqualTo(Outcome.DENY);
        assertThat(byDefault.ruleIds()).isEmpty();
    }

    @Test
    void aKnownSchemaDecidesThroughTheLaxReadingInstead() {
        var schema = Harness.json("{\"type\":\"object\",\"properties\":{\"count\":{\"type\":\"number\"},"
                + "\"mode\":{\"type\":\"string\"}}}");
        assertThat(served(POLICY, "{\"mode\": \"fast\"}", Map.of(), schema).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(served(POLICY, "{\"mode\": \"fast\"}", Map.of("t", Harness.json("{\"name\":\"t\",\"inputSchema\":"
                + schema + "}")), null).outcome()).isEqualTo(Outcome.ALLOW);
    }
}
