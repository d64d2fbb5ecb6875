package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.approval.ApprovalStatus;
import dev.mcppol.runtime.approval.Approvals;
import dev.mcppol.runtime.approval.FileApprovalStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approval by elicitation over Streamable HTTP: the official MCP Java SDK client declares elicitation,
 * the held call's POST is answered with an event stream that carries the question, the user's answer is
 * a POST of its own, and the call's answer reaches the first stream. SDK client → proxy (in this JVM) →
 * server-everything (streamableHttp, loopback only).
 */
class HttpApprovalSdkTest {
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final CountDownLatch neverAnswer = new CountDownLatch(1);
    private EverythingHttp server;
    private ProxyRunner runner;
    private HttpProxy proxy;

    @TempDir
    Path dir;

    private void start(ProxyConfig config) throws Exception {
        server = EverythingHttp.start();
        runner = ProxyRunner.prepare(config.bundle(BundleSource.file(TestServers.bundle("approvals")))
                .listen("127.0.0.1:0").upstream(server.url()).identityHeader("X-Agent-Identity")
                .approvalsDir(dir.resolve("store")), System.err);
        proxy = runner.startHttp();
    }

    @AfterEach
    void stop() throws Exception {
        neverAnswer.countDown();
        if (proxy != null) {
            proxy.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private McpSyncClient client(boolean elicits) {
        URI endpoint = proxy.endpoint();
        HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getHost() + ":" + endpoint.getPort())
                .endpoint(endpoint.getPath())
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("X-Agent-Identity", "alice")).build();
        McpClient.SyncSpec spec = McpClient.sync(t).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("mcppol-http-approval-test", "0.0.1"))
                .progressConsumer(p -> progress.add(p.progressToken() + ": " + p.message()));
        if (!elicits) {
            return spec.build();
        }
        return spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(ScriptedUser.answering(asked, "fine over http", neverAnswer)).build();
    }

    @Test
    void theUserApprovesOneCallDeclinesAnotherAndNeverAnswersAThird() throws Exception {
        Path recording = dir.resolve("session.jsonl");
        start(new ProxyConfig().approvalTimeoutMillis(2500).record(recording));
        try (McpSyncClient c = client(true)) {
            c.initialize();
            McpSchema.CallToolResult approved = SdkClients.call(c, "echo", Map.of("message", "approve-me"));
            assertThat(SdkClients.text(approved)).isEqualTo("Echo: approve-me");
            assertThat(asked.get(0)).contains("echo").contains("approve-me").contains("a person approves echoes");

            McpSchema.CallToolResult declined = SdkClients.call(c, "echo", Map.of("message", "decline-me"));
            assertThat(declined.isError()).isTrue();
            assertThat(SdkClients.text(declined)).contains("declined to approve it");

            // Nobody answers: the call is denied by the proxy's timer, on the call's own stream, and the
            // wait is reported as progress because the request asked for it.
            McpSchema.CallToolResult unanswered = c.callTool(McpSchema.CallToolRequest.builder().name("echo")
                    .arguments(Map.of("message", "nobody-answers")).progressToken("wait-1").build());
            assertThat(unanswered.isError()).isTrue();
            assertThat(SdkClients.text(unanswered)).contains("no answer from the user within 2500ms");
            assertThat(progress).anyMatch(p -> p.startsWith("wait-1: waiting for the user's approval of echo"));

            // The limit (2 per hour) counts only forwarded calls.
            assertThat(SdkClients.text(SdkClients.call(c, "echo", Map.of("message", "approve-me 2"))))
                    .isEqualTo("Echo: approve-me 2");
            McpSchema.CallToolResult third = SdkClients.call(c, "echo", Map.of("message", "approve-me 3"));
            assertThat(third.isError()).isTrue();
            assertThat(SdkClients.text(third)).contains("Rate limited");
        }
        List<Approval> all = new Approvals(new FileApprovalStore(dir.resolve("store")), Approvals.Settings.defaults())
                .list(System.currentTimeMillis());
        assertThat(all).filteredOn(a -> a.status() == ApprovalStatus.USED).first()
                .satisfies(a -> assertThat(a.decidedBy()).isEqualTo("elicitation: the user alice"))
                .satisfies(a -> assertThat(a.note()).isEqualTo("fine over http"));
        assertThat(all).extracting(Approval::status).contains(ApprovalStatus.DENIED);
        String recorded = Files.readString(recording);
        assertThat(recorded).contains("elicitation/create").contains("\"expect\":\"allow\"");
    }

    @Test
    void aClientThatCannotElicitIsQueuedOverHttpAsOnStdio() throws Exception {
        start(new ProxyConfig());
        try (McpSyncClient c = client(false)) {
            c.initialize();
            McpError queued = (McpError) org.assertj.core.api.Assertions.catchThrowable(
                    () -> SdkClients.call(c, "echo", Map.of("message", "queued")));
            assertThat(queued).isNotNull();
            assertThat(queued.getJsonRpcError().code()).isEqualTo(-32011);
            assertThat(queued.getMessage()).contains("queued as apr-");
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void aPostThatTakesNoEventStreamIsQueuedEvenWhenTheClientCanElicit() throws Exception {
        start(new ProxyConfig());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        java.net.http.HttpResponse<String> opened = http.send(post(init, null, "application/json, text/event-stream"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session,
                "application/json, text/event-stream"), java.net.http.HttpResponse.BodyHandlers.ofString());
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"json only\"}}}";
        // Only JSON accepted: this POST cannot stay open as an event stream for the question, so it is queued.
        java.net.http.HttpResponse<String> r = http.send(post(call, session, "application/json"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("\"code\":-32011").contains("queued as apr-").doesNotContain("elicitation/create");
        // The same call taking an event stream is held, and its stream opens with the question.
        java.net.http.HttpResponse<java.io.InputStream> held = http.send(post(call.replace("json only", "held"), session,
                "application/json, text/event-stream"), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(held.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (java.io.BufferedReader events = new java.io.BufferedReader(new java.io.InputStreamReader(held.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(events.readLine()).startsWith("data: ").contains("\"method\":\"elicitation/create\"")
                    .contains("mcppol-approval-");
        }
    }

    @Test
    void otherCallsGoOnWhileOneIsHeld() throws Exception {
        start(new ProxyConfig());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        String accept = "application/json, text/event-stream";
        String session = http.send(post(init, null, accept), java.net.http.HttpResponse.BodyHandlers.ofString()).headers()
                .firstValue("Mcp-Session-Id").orElseThrow();
        http.send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session, accept),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.net.http.HttpResponse<java.io.InputStream> held = http.send(post("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"held\"}}}",
                session, accept), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.BufferedReader events = new java.io.BufferedReader(new java.io.InputStreamReader(held.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String question = events.readLine();
            assertThat(question).contains("\"method\":\"elicitation/create\"");
            String questionId = dev.mcppol.runtime.json.Json.MAPPER.readTree(question.substring("data: ".length()))
                    .path("id").asString();
            // the first POST stays open for the user's answer; meanwhile another call goes to the server and back
            java.net.http.HttpResponse<String> other = http.send(post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                    + "\"tools/call\",\"params\":{\"name\":\"get-tiny-image\",\"arguments\":{}}}", session, accept),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.body()).contains("\"id\":2").contains("image");
            // then the user approves, and the held call's answer arrives on its own stream
            java.net.http.HttpResponse<String> answered = http.send(post("{\"jsonrpc\":\"2.0\",\"id\":\"" + questionId
                    + "\",\"result\":{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}}", session, accept),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answered.statusCode()).isEqualTo(202);
            String line;
            StringBuilder rest = new StringBuilder();
            while ((line = events.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest).contains("Echo: held").contains("\"id\":1");
        }
    }

    private java.net.http.HttpRequest post(String body, String session, String accept) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json").header("Accept", accept)
                .header("X-Agent-Identity", "alice")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b.build();
    }
}
