package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.model.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An argument the call leaves out is, to a server that fills in defaults (pydantic, zod's
 * {@code .default()}), the {@code default} its inputSchema gives it: where the decision depends on
 * it, the call is denied with rule {@code mcppol:ambiguous-default}. Nested models are read through
 * {@code $ref}, as pydantic writes them. Engine, re-read bundle and reference interpreter agree (Harness).
 */
class AmbiguousDefaultTest {
    private static final String SCHEMA = """
            {"name":"t","inputSchema":{"type":"object","$defs":{
              "Opts":{"type":"object","properties":{"depth":{"type":"integer","default":9},"n":{"type":"integer"}}},
              "Node":{"type":"object","properties":{"size":{"type":"integer","default":50},
                "kids":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}},
             "properties":{
              "count":{"type":"number","default":3},
              "mode":{"type":"string","default":"safe"},
              "readonly":{"type":"boolean","default":false},
              "opts":{"$ref":"#/$defs/Opts"},
              "maybe":{"anyOf":[{"$ref":"#/$defs/Opts"},{"type":"null"}],"default":null},
              "tree":{"$ref":"#/$defs/Node"},
              "a":{"type":"number"}}}}""";

    private static Decision call(String defaultEffect, String policy, String args) {
        return Harness.of("default " + defaultEffect + "\ntool t { " + policy + " }\n", Map.of("t", Harness.json(SCHEMA)))
                .call("t", args);
    }

    private static void ambiguous(String defaultEffect, String policy, String args, String named) {
        Decision d = call(defaultEffect, policy, args);
        assertThat(d.outcome()).as(policy + " on " + args).isEqualTo(Outcome.DENY);
        assertThat(d.ruleIds()).as(policy + " on " + args).containsExactly(Engine.RULE_AMBIGUOUS_DEFAULT);
        assertThat(d.reason()).contains("leaves out " + named).contains("default");
    }

    @Test
    void aDefaultCannotSlipPastADeny() {
        ambiguous("allow", "deny when count > 2", "{}", "count");
        ambiguous("allow", "deny when readonly == false", "{}", "readonly");
        assertThat(call("allow", "deny when count > 2", "{\"count\": 2}").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(call("allow", "deny when count > 2", "{\"count\": 5}").ruleIds()).containsExactly("p.mcppol:2");
    }

    @Test
    void aDefaultCannotMakeAnAllowMeanAnotherValue() {
        // the call as sent matches no allow; the server would run it with mode "safe": decide it with that
        ambiguous("deny", "allow when mode == \"safe\"", "{}", "mode");
        ambiguous("allow", "deny when not (mode == \"safe\")", "{}", "mode");
    }

    @Test
    void insideNestedModelsThroughRefsAndRecursion() {
        ambiguous("allow", "deny when opts.depth > 5", "{\"opts\": {}}", "opts.depth");
        ambiguous("allow", "deny when maybe.depth > 5", "{\"maybe\": {\"n\": 1}}", "maybe.depth");
        ambiguous("allow", "deny when tree.kids[*].kids[*].size > 10", "{\"tree\": {\"kids\": [{\"kids\": [{}]}]}}",
                "tree.kids.0.kids.0.size");
        // and strings read as the types the referred model declares
        Decision d = call("allow", "deny when opts.n > 5", "{\"opts\": {\"n\": \"7\"}}");
        assertThat(d.ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_TYPE);
        // a model the call leaves out as a whole is not made up (the server's default for it is null)
        assertThat(call("allow", "deny when opts.depth > 5", "{}").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void decidedAsUsualWhereTheDefaultChangesNothing() {
        assertThat(call("allow", "deny when count > 5", "{}").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(call("deny", "allow when a > 1", "{\"a\": 2}").outcome()).isEqualTo(Outcome.ALLOW);
        // an explicit null is no missing member: no default is filled in
        assertThat(call("allow", "deny when maybe == null", "{\"maybe\": null}").ruleIds()).containsExactly("p.mcppol:2");
    }

    @Test
    void theStringsAreNamedWhenTheyAloneDecideOtherwise() {
        Decision d = call("allow", "deny when a > 100", "{\"a\": \"1000\"}");
        assertThat(d.ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_TYPE);
        // both together: neither the default nor the string alone reaches the deny
        d = call("allow", "deny when a > 100 and count > 2", "{\"a\": \"1000\"}");
        assertThat(d.ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_DEFAULT);
        assertThat(d.reason()).contains("leaves out count");
    }
}
