package dev.mcppol.runtime.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.MethodKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodRequestTest {

    private static MethodRequest read(MethodKind kind, String msg, String... templates) {
        Map<String, UriTemplate> t = new LinkedHashMap<>();
        for (String s : templates) {
            t.put(s, UriTemplate.parse(s));
        }
        return MethodRequest.of(kind, Json.MAPPER.readTree(msg), t);
    }

    @Test
    void templatesBindTheirVariablesPercentDecoded() {
        assertThat(UriTemplate.parse("demo://resource/dynamic/text/{resourceId}").match("demo://resource/dynamic/text/4"))
                .containsExactly(Map.entry("resourceId", "4"));
        assertThat(UriTemplate.parse("file:///{+path}").match("file:///etc/pass%20wd"))
                .containsExactly(Map.entry("path", "etc/pass wd"));
        assertThat(UriTemplate.parse("db://{table}/rows{?limit,offset}").match("db://users/rows?offset=5&limit=2"))
                .containsEntry("table", "users").containsEntry("limit", "2").containsEntry("offset", "5");
        assertThat(UriTemplate.parse("demo://x/{id}").match("demo://x/a/b")).isNull();
        assertThat(UriTemplate.parse("demo://x/{id")).isNull();
    }

    @Test
    void aResourceReadCarriesItsUriAndTheFirstMatchingTemplatesVariables() {
        MethodRequest r = read(MethodKind.RESOURCES,
                "{\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"demo://resource/dynamic/text/3\"}}",
                "demo://other/{x}", "demo://resource/dynamic/text/{resourceId}");
        assertThat(r.subject()).isEqualTo("demo://resource/dynamic/text/3");
        assertThat(r.arguments().toString()).isEqualTo("{\"resourceId\":\"3\",\"uri\":\"demo://resource/dynamic/text/3\"}");
        assertThat(r.template()).isEqualTo("demo://resource/dynamic/text/{resourceId}");
        // A variable called uri cannot replace the URI itself.
        assertThat(read(MethodKind.RESOURCES, "{\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"a://b\"}}",
                "a://{uri}").arguments().get("uri").stringValue()).isEqualTo("a://b");
    }

    @Test
    void requestsThatCannotBeReadCarryTheirProblem() {
        assertThat(read(MethodKind.RESOURCES, "{\"id\":1,\"method\":\"resources/read\",\"params\":{}}").problem())
                .isEqualTo("resources/read without a uri");
        assertThat(read(MethodKind.PROMPTS, "{\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\",\"arguments\":[1]}}")
                .problem()).isEqualTo("prompts/get arguments are not an object");
        assertThat(read(MethodKind.SAMPLING, "{\"id\":1,\"method\":\"sampling/createMessage\",\"params\":7}").problem())
                .isEqualTo("sampling/createMessage params are not an object");
    }

    @Test
    void serverRequestsExposeTheirParams() {
        MethodRequest r = read(MethodKind.SAMPLING,
                "{\"id\":1,\"method\":\"sampling/createMessage\",\"params\":{\"maxTokens\":100,\"messages\":[]}}");
        assertThat(r.subject()).isEqualTo("sampling");
        assertThat(r.arguments().get("maxTokens").intValue()).isEqualTo(100);
        assertThat(read(MethodKind.ROOTS, "{\"id\":1,\"method\":\"roots/list\"}").arguments().isObject()).isTrue();
    }
}
