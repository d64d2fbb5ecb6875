package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP relay's framing and bounds, against a real HTTP upstream (a Jetty server in the test) that
 * answers a {@code tools/list} with what the test asks for: JSON of a given size, or SSE.
 */
class HttpRelayTest {
    private static final int LIMIT = 4096;
    private Server upstream;
    private ProxyRunner runner;
    private HttpProxy proxy;
    private volatile String contentType;
    private volatile byte[] answer;

    @BeforeEach
    void start() throws Exception {
        upstream = new Server();
        ServerConnector c = new ServerConnector(upstream);
        c.setHost("127.0.0.1");
        c.setPort(0);
        upstream.addConnector(c);
        upstream.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                // A server answers under the id it was sent (the proxy's own, not the client's).
                String id = dev.mcppol.runtime.json.Json.MAPPER.readTree(Content.Source.asString(request,
                        java.nio.charset.StandardCharsets.UTF_8)).path("id").toString();
                String text = new String(answer, java.nio.charset.StandardCharsets.UTF_8)
                        .replaceFirst("\"id\":[79]([,}])", java.util.regex.Matcher.quoteReplacement("\"id\":" + id) + "$1");
                response.setStatus(200);
                response.getHeaders().put("Content-Type", contentType);
                response.write(true, ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        upstream.start();
        runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .maxMessageBytes(LIMIT).listen("127.0.0.1:0")
                .upstream(URI.create("http://127.0.0.1:" + c.getLocalPort() + "/mcp")), System.err);
        proxy = runner.startHttp();
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (runner != null) {
            runner.close();
        }
        upstream.stop();
    }

    private HttpResponse<String> post() throws Exception {
        return post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
    }

    private HttpResponse<String> post(String message) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(proxy.endpoint()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The server's tools/list answer with these entries of the captured list, as JSON or as one SSE event. */
    private static String toolsList(String... names) throws Exception {
        tools.jackson.databind.JsonNode all = dev.mcppol.runtime.json.Json.MAPPER.readTree(
                TestServers.fixture("everything.tools.json").toFile()).path("tools");
        StringBuilder entries = new StringBuilder();
        for (tools.jackson.databind.JsonNode t : all) {
            if (java.util.List.of(names).contains(t.path("name").asString())) {
                entries.append(entries.length() == 0 ? "" : ",").append(t.toString());
            }
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{\"tools\":[" + entries + "]}}";
    }

    @Test
    void aJsonToolsListGoesThroughTheGate() throws Exception {
        contentType = "application/json";
        answer = toolsList("echo", "trigger-long-running-operation").getBytes(StandardCharsets.UTF_8);
        assertThat(answer.length).isLessThan(LIMIT);
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"echo\"").doesNotContain("trigger-long-running-operation");
    }

    @Test
    void anSseToolsListGoesThroughTheGate() throws Exception {
        contentType = "text/event-stream";
        answer = ("event: message\ndata: " + toolsList("echo", "trigger-long-running-operation") + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("event: message\ndata: ").contains("\"echo\"")
                .doesNotContain("trigger-long-running-operation");
    }

    private static String result(String padding) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"pad\":\"" + padding + "\"}}";
    }

    @Test
    void aJsonAnswerWithinTheLimitIsRelayedWithItsLength() throws Exception {
        contentType = "application/json";
        answer = result("x".repeat(LIMIT / 2)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(new String(answer, StandardCharsets.UTF_8));
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(answer.length);
    }

    @Test
    void aJsonAnswerOverTheLimitIsNotRelayedAndItsRequestGetsAnError() throws Exception {
        // Read whole before it goes through the gate, so it must be bounded like the agent's messages;
        // before, the exchange ended with HTTP 502 and no JSON-RPC answer for the request.
        contentType = "application/json";
        for (String message : new String[] {result("x".repeat(LIMIT * 4)),
                "{\"jsonrpc\":\"2.0\",\"result\":{\"pad\":\"" + "x".repeat(LIMIT * 4) + "\"},\"id\":7}"}) {
            answer = message.getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = post();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("xxxx");
            tools.jackson.databind.JsonNode error = dev.mcppol.runtime.json.Json.MAPPER.readTree(r.body());
            assertThat(error.path("id").asInt()).isEqualTo(7);
            assertThat(error.path("error").path("code").asInt()).isEqualTo(dev.mcppol.runtime.mcp.JsonRpc.MESSAGE_TOO_LARGE);
            assertThat(error.path("error").path("message").asString()).contains("limit of " + LIMIT + " bytes");
        }
    }

    @Test
    void sseEventsAreRelayedAndOneOverTheLimitIsDropped() throws Exception {
        contentType = "text/event-stream";
        answer = ("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"pad\":\""
                + "y".repeat(LIMIT * 2) + "\"}}\n\n"
                + "event: message\ndata: " + result("z") + "\n\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("event: message\ndata: " + result("z") + "\n\n");
    }

    @Test
    void anSseAnswerOverTheLimitGivesTheRequestAnErrorNotSilence() throws Exception {
        // Before, the event was dropped and the agent waited for an answer that never came.
        contentType = "text/event-stream";
        for (String message : new String[] {
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"pad\":\"" + "y".repeat(LIMIT * 2) + "\"}}",
                "{\"jsonrpc\":\"2.0\",\"result\":{\"pad\":\"" + "y".repeat(LIMIT * 2) + "\"},\"id\":7}"}) {
            answer = ("event: message\ndata: " + message + "\n\n").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = post();
            assertThat(r.statusCode()).isEqualTo(200);
            tools.jackson.databind.JsonNode error = dev.mcppol.runtime.json.Json.MAPPER.readTree(
                    r.body().substring(r.body().indexOf("data: ") + 6).trim());
            assertThat(error.path("id").asInt()).isEqualTo(7);
            assertThat(error.path("error").path("code").asInt()).isEqualTo(dev.mcppol.runtime.mcp.JsonRpc.MESSAGE_TOO_LARGE);
            assertThat(error.path("error").path("message").asString()).contains("limit of " + LIMIT + " bytes");
        }
    }

    @Test
    void anUpstreamThatIsGoneGets502() throws Exception {
        int port = ((ServerConnector) upstream.getConnectors()[0]).getLocalPort();
        upstream.stop();
        HttpResponse<String> r = post();
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("the proxy could not complete the request")
                // the agent is not told where the server is, nor a library's exception text
                .doesNotContain(String.valueOf(port)).doesNotContain("127.0.0.1").doesNotContainIgnoringCase("refused")
                .doesNotContain("Exception");
    }
}
