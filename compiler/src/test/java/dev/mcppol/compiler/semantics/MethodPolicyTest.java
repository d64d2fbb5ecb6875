package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.mcp.MethodPolicy;
import dev.mcppol.runtime.mcp.UriTemplate;
import dev.mcppol.runtime.model.MethodKind;
import dev.mcppol.runtime.model.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The proxy's and the replay's one reading of the other methods: lists, completion, templates. */
class MethodPolicyTest {

    private static final Engine ENGINE = new Engine(Harness.of("""
            default resources allow
            hide resource "demo://resource/dynamic/blob/*"
            resource "secret://*" { deny }
            resource "demo://resource/dynamic/text/*" { deny when resourceId == "3" }
            default prompts allow
            hide prompt args-prompt
            """).bundle, new InMemoryLimiter());

    @Test
    void listsLoseHiddenAndAlwaysDeniedEntries() {
        JsonNode templates = Harness.json("""
                {"jsonrpc":"2.0","id":1,"result":{"resourceTemplates":[
                  {"uriTemplate":"demo://resource/dynamic/text/{resourceId}"},
                  {"uriTemplate":"demo://resource/dynamic/blob/{resourceId}"}]}}""");
        assertThat(MethodPolicy.filterList(ENGINE, "resources/templates/list", templates).path("result")
                .get("resourceTemplates").toString()).isEqualTo("[{\"uriTemplate\":\"demo://resource/dynamic/text/{resourceId}\"}]");
        JsonNode resources = Harness.json("""
                {"jsonrpc":"2.0","id":2,"result":{"resources":[{"uri":"secret://a"},{"uri":"demo://x"},{"name":"no uri"}],
                 "nextCursor":"c"}}""");
        JsonNode kept = MethodPolicy.filterList(ENGINE, "resources/list", resources);
        assertThat(kept.path("result").get("resources").toString()).isEqualTo("[{\"uri\":\"demo://x\"}]");
        assertThat(kept.path("result").get("nextCursor").stringValue()).isEqualTo("c");
        JsonNode prompts = Harness.json("""
                {"jsonrpc":"2.0","id":3,"result":{"prompts":[{"name":"simple-prompt"},{"name":"args-prompt"}]}}""");
        assertThat(MethodPolicy.filterList(ENGINE, "prompts/list", prompts).path("result").get("prompts").toString())
                .isEqualTo("[{\"name\":\"simple-prompt\"}]");
        JsonNode nothingHidden = Harness.json("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"prompts\":[{\"name\":\"p\"}]}}");
        assertThat(MethodPolicy.filterList(ENGINE, "prompts/list", nothingHidden)).isNull();
    }

    /**
     * A server reads a resource URI normalised (the TypeScript SDK looks resources up by
     * {@code new URL(uri)}): a URI that the policy decides otherwise as written than as read is denied.
     */
    @Test
    void aUriThatANormalisingServerReadsAsOneDecidedOtherwiseIsDenied() {
        Map<String, UriTemplate> templates = new LinkedHashMap<>();
        MethodPolicy.rememberTemplates(Harness.json("""
                {"jsonrpc":"2.0","id":1,"result":{"resourceTemplates":[
                  {"uriTemplate":"demo://resource/dynamic/text/{resourceId}"}]}}"""), templates);
        for (String uri : List.of("SECRET://a", "Secret://a", " secret://a", "sec\tret://a",
                "demo://resource/dynamic/te%78t/3", "demo://resource/dynamic/text/x/../3",
                "demo://resource/dynamic/text/./3", "demo://resource/static/../dynamic/text/3")) {
            MethodPolicy.Verdict v = MethodPolicy.decide(ENGINE, MethodKind.RESOURCES, readOf(uri), templates, "s", "i", 0);
            assertThat(v.decision().outcome()).as(uri).isEqualTo(Outcome.DENY);
            assertThat(v.decision().ruleIds()).as(uri).containsExactly(MethodPolicy.RULE_AMBIGUOUS_URI);
        }
        // canonical, or decided alike either way: decided as usual
        assertThat(read("secret://a", templates).ruleIds()).doesNotContain(MethodPolicy.RULE_AMBIGUOUS_URI);
        assertThat(read("demo://resource/dynamic/text/3", templates).outcome()).isEqualTo(Outcome.DENY);
        assertThat(read("DEMO://resource/dynamic/text/2", templates).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(read("demo://resource/dynamic/text/x/../2", templates).outcome()).isEqualTo(Outcome.ALLOW);
        // an escape the template's variable decodes anyway: denied by the policy's own rule
        assertThat(read("demo://resource/dynamic/text/%33", templates).ruleIds()).containsExactly("p.mcppol:4");
    }

    private static JsonNode readOf(String uri) {
        return Harness.json("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":{\"uri\":"
                + dev.mcppol.runtime.model.Texts.quote(uri) + "}}");
    }

    @Test
    void completionForAHiddenPromptOrResourceIsRefused() {
        assertThat(MethodPolicy.completionRefusal(ENGINE, Harness.json("""
                {"id":1,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"args-prompt"},
                 "argument":{"name":"city","value":"P"}}}"""))).isEqualTo("prompt args-prompt is hidden by the policy");
        assertThat(MethodPolicy.completionRefusal(ENGINE, Harness.json("""
                {"id":1,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"simple-prompt"}}}""")))
                .isNull();
        assertThat(MethodPolicy.completionRefusal(ENGINE, Harness.json("""
                {"id":1,"method":"completion/complete","params":{"ref":{"type":"ref/resource",
                 "uri":"demo://resource/dynamic/blob/{resourceId}"}}}"""))).contains("is hidden by the policy");
        assertThat(MethodPolicy.completionRefusal(ENGINE, Harness.json("""
                {"id":1,"method":"completion/complete","params":{"ref":{"type":"ref/other"}}}"""))).contains("fail closed");
    }

    @Test
    void templateVariablesFeedConditionsAndAReadThroughAHiddenTemplateIsDenied() {
        Map<String, UriTemplate> templates = new LinkedHashMap<>();
        MethodPolicy.rememberTemplates(Harness.json("""
                {"jsonrpc":"2.0","id":1,"result":{"resourceTemplates":[
                  {"uriTemplate":"demo://resource/dynamic/text/{resourceId}"},
                  {"uriTemplate":"demo://{kind}/{id}"}]}}"""), templates);
        assertThat(read("demo://resource/dynamic/text/3", templates).outcome()).isEqualTo(Outcome.DENY);
        assertThat(read("demo://resource/dynamic/text/2", templates).outcome()).isEqualTo(Outcome.ALLOW);
        // Without the session's templates, the variable is unknown and the condition does not hold.
        assertThat(read("demo://resource/dynamic/text/3", Map.of()).outcome()).isEqualTo(Outcome.ALLOW);
        MethodPolicy.rememberTemplates(Harness.json("""
                {"jsonrpc":"2.0","id":2,"result":{"resourceTemplates":[{"uriTemplate":"secret-store:{key}"}]}}"""),
                templates);
        Map<String, UriTemplate> hiddenFirst = new LinkedHashMap<>();
        MethodPolicy.rememberTemplates(Harness.json("""
                {"jsonrpc":"2.0","id":2,"result":{"resourceTemplates":[{"uriTemplate":"demo://resource/dynamic/blob/{resourceId}"}]}}"""),
                hiddenFirst);
        var blob = read("demo://resource/dynamic/blob/1", hiddenFirst);
        assertThat(blob.outcome()).isEqualTo(Outcome.DENY);
        assertThat(blob.reason()).contains("is hidden by the policy");
    }

    private static dev.mcppol.runtime.engine.Decision read(String uri, Map<String, UriTemplate> templates) {
        return MethodPolicy.decide(ENGINE, MethodKind.RESOURCES, Harness.json(
                "{\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + uri + "\"}}"), templates, "s", null, 0)
                .decision();
    }
}
