package dev.mcppol.compiler.semantics;

import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** `require` and `validate`: deny rules in disguise; no schema known fails closed (DESIGN "Tool schemas"). */
class ValidateRequireTest {

    private static final JsonNode RUN_SCHEMA = Harness.json("""
            {"type":"object","properties":{"code":{"type":"string"},"timeout":{"type":"integer"}},
             "required":["code"]}""");

    private static Map<String, JsonNode> schemas() {
        return Map.of("run", Harness.json("{\"name\":\"run\",\"inputSchema\":" + RUN_SCHEMA + "}"));
    }

    @Test
    void requireDeniesACallMissingTheArgumentAndNamesIt() {
        Harness h = Harness.of("default allow\ntool t { require code, kernel_id }\n");
        Decision d = h.call("t", "{\"code\":\"1\"}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.reason()).isEqualTo("missing required argument 'kernel_id'");
        assertThat(h.outcome("t", "{\"code\":\"1\",\"kernel_id\":\"k\"}")).isEqualTo(ALLOW);
    }

    @Test
    void requireOfSeveralArgumentsNamesTheFirstMissingOne() {
        Harness h = Harness.of("default allow\ntool t { require a, b }\n");
        assertThat(h.call("t", "{}").reason()).isEqualTo("missing required argument 'a'");
        assertThat(h.call("t", "{\"a\":1}").reason()).isEqualTo("missing required argument 'b'");
        assertThat(h.call("t", "{}").ruleIds()).hasSize(1);
    }

    @Test
    void requireTreatsAnExplicitNullAsMissing() {
        Harness h = Harness.of("default allow\ntool t { require a }\n");
        assertThat(h.outcome("t", "{\"a\":null}")).isEqualTo(DENY);
        assertThat(h.outcome("t", "{\"a\":0}")).isEqualTo(ALLOW);
    }

    @Test
    void requireOfANestedPathAndItsCustomReason() {
        Harness h = Harness.of("default allow\ntool t { require opts.mode reason \"say which mode\" }\n");
        assertThat(h.call("t", "{\"opts\":{}}").reason()).isEqualTo("say which mode");
        assertThat(h.outcome("t", "{\"opts\":{\"mode\":\"r\"}}")).isEqualTo(ALLOW);
    }

    @Test
    void requireDoesNotAllowByItself() {
        Harness h = Harness.of("default deny\ntool t { require a }\n");
        Decision d = h.call("t", "{\"a\":1}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.ruleIds()).isEmpty();
    }

    @Test
    void validateDeniesArgumentsOfTheWrongTypeWithTheValidatorsMessage() {
        Harness h = Harness.of("default allow\ntool run { validate }\n", schemas());
        Decision d = h.call("run", "{\"code\":\"x\",\"timeout\":\"soon\"}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.reason()).contains("inputSchema of run").contains("timeout");
        assertThat(h.outcome("run", "{\"code\":\"x\",\"timeout\":5}")).isEqualTo(ALLOW);
    }

    @Test
    void validateDeniesAMissingRequiredArgument() {
        Harness h = Harness.of("default allow\ntool run { validate }\n", schemas());
        assertThat(h.call("run", "{\"timeout\":5}").reason()).contains("code");
    }

    @Test
    void validateRequiredChecksOnlyTheRequiredList() {
        Harness h = Harness.of("default allow\ntool run { validate required }\n", schemas());
        assertThat(h.outcome("run", "{\"code\":\"x\",\"timeout\":\"not a number\"}")).isEqualTo(ALLOW);
        Decision d = h.call("run", "{\"timeout\":5}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.reason()).contains("missing required argument 'code'");
    }

    @Test
    void validateWithACustomReasonKeepsTheValidatorsDetail() {
        Harness h = Harness.of("default allow\ntool run { validate reason \"bad arguments\" }\n", schemas());
        assertThat(h.call("run", "{}").reason()).startsWith("bad arguments").contains("code");
    }

    @Test
    void validateWithNoSchemaKnownFailsClosedAndSaysSo() {
        Harness h = Harness.of("default allow\ntool t { validate }\n");
        Decision d = h.call("t", "{}");
        assertThat(d.outcome()).isEqualTo(DENY);
        assertThat(d.reason()).contains("no inputSchema is known for tool t");
    }

    @Test
    void validateRequiredWithNoSchemaKnownFailsClosedToo() {
        Harness h = Harness.of("default allow\ntool t { validate required }\n");
        assertThat(h.call("t", "{\"anything\":1}").outcome()).isEqualTo(DENY);
    }

    @Test
    void validateUsesTheSessionsSchemaWhenTheBundleHasNone() {
        Harness h = Harness.of("default allow\ntool run { validate }\n");
        Decision bad = h.decide(new Call("run", Harness.json("{\"timeout\":1}"), "s", null, 0, RUN_SCHEMA));
        assertThat(bad.outcome()).isEqualTo(DENY);
        assertThat(bad.reason()).contains("code");
        Decision good = h.decide(new Call("run", Harness.json("{\"code\":\"x\"}"), "s", null, 0, RUN_SCHEMA));
        assertThat(good.outcome()).isEqualTo(ALLOW);
    }

    @Test
    void theBundlesSchemaWinsOverTheSessions() {
        Harness h = Harness.of("default allow\ntool run { validate }\n", schemas());
        JsonNode lax = Harness.json("{\"type\":\"object\"}");
        assertThat(h.decide(new Call("run", Harness.json("{}"), "s", null, 0, lax)).outcome()).isEqualTo(DENY);
    }

    @Test
    void aSessionSchemaThatIsNotAnObjectIsNoSchema() {
        Harness h = Harness.of("default allow\ntool run { validate }\n");
        assertThat(h.decide(new Call("run", Harness.json("{}"), "s", null, 0, Harness.json("true"))).outcome())
                .isEqualTo(DENY);
    }

    @Test
    void validateInAGlobBlockUsesEachToolsOwnSchema() {
        Harness h = Harness.of("default allow\ntool * { validate }\n", schemas());
        assertThat(h.outcome("run", "{\"code\":\"x\"}")).isEqualTo(ALLOW);
        assertThat(h.outcome("run", "{}")).isEqualTo(DENY);
        assertThat(h.outcome("unknown_tool", "{}")).isEqualTo(DENY);
    }

    @Test
    void schemasAreBakedIntoTheBundle() {
        Harness h = Harness.of("default allow\ntool run { validate }\n", schemas());
        assertThat(h.reread.schemas()).containsKey("run");
        assertThat(h.reread.tools()).containsKey("run");
    }

    @Test
    void aToolOnlyInTheSchemasGetsItsOwnDiagramAndTheDefault() {
        Harness h = Harness.of("default deny\ntool other { allow }\n", schemas());
        assertThat(h.bundle.tools()).containsKeys("run", "other");
        assertThat(h.outcome("run", "{\"code\":\"x\"}")).isEqualTo(DENY);
    }

    @Test
    void aDenyByAnotherRuleDoesNotBlameTheSchema() {
        Harness h = Harness.of("""
                default allow
                tool fs_* { validate }
                tool * { deny as nope when x == 1 }
                """);
        Decision d = h.call("other", "{\"x\":1}");
        assertThat(d.ruleIds()).containsExactly("nope");
        assertThat(d.reason()).isEqualTo("denied by rule nope");
    }
}
