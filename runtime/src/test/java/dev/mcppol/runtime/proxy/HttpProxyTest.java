package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamable HTTP: the SDK client → the proxy → server-everything (streamableHttp, loopback only). */
class HttpProxyTest {
    private EverythingHttp server;
    private ProxyRunner runner;
    private HttpProxy proxy;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = EverythingHttp.start();
        runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .listen("127.0.0.1:0").upstream(server.url())
                .identityHeader("X-Agent-Identity").decisionLog(dir.resolve("decisions.jsonl"), false), System.err);
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
        if (server != null) {
            server.close();
        }
    }

    @Test
    void enforcesThePolicyOverStreamableHttp() throws Exception {
        try (McpSyncClient c = SdkClients.http(proxy.endpoint(), Map.of("X-Agent-Identity", "alice"))) {
            c.initialize();
            assertThat(SdkClients.toolNames(c)).contains("echo", "get-sum")
                    .doesNotContain("trigger-long-running-operation", "get-env");
            assertThat(SdkClients.text(SdkClients.call(c, "echo", Map.of("message", "over http")))).isEqualTo("Echo: over http");
            McpSchema.CallToolResult denied = SdkClients.call(c, "get-sum", Map.of("a", 500, "b", 1));
            assertThat(denied.isError()).isTrue();
            assertThat(SdkClients.text(denied)).contains("too big");
            for (int i = 0; i < 2; i++) {
                SdkClients.call(c, "echo", Map.of("message", "x"));
            }
            McpSchema.CallToolResult limited = SdkClients.call(c, "echo", Map.of("message", "x"));
            assertThat(limited.isError()).isTrue();
            assertThat(SdkClients.text(limited)).startsWith("Rate limited by policy");
        }
        List<String> log = Files.readAllLines(dir.resolve("decisions.jsonl"));
        assertThat(log).hasSize(5);
        // The session is the server's Mcp-Session-Id; the identity comes from the configured header.
        assertThat(log.get(0)).contains("\"identity\":\"alice\"").contains("\"session\":\"").doesNotContain("\"session\":null");
        assertThat(log.get(4)).contains("\"outcome\":\"limit\"");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + proxy.port();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok\n");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("mcppol_decisions_total{outcome=\"allow\",tool=\"echo\"} 3")
                .contains("mcppol_decisions_total{outcome=\"limit\",tool=\"echo\"} 1")
                .contains("mcppol_decisions_total{outcome=\"deny\",tool=\"get-sum\"} 1")
                .contains("mcppol_decision_seconds_count 5")
                .contains("mcppol_reloads_total{result=\"ok\"} 0")
                .contains("mcppol_limiter_errors_total 0");
    }

    @Test
    void refusesForeignOriginsBatchesAndOversizeBodies() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        HttpResponse<String> evil = http.send(post(init).header("Origin", "http://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(evil.statusCode()).isEqualTo(403);
        HttpResponse<String> local = http.send(post(init).header("Origin", "http://localhost:3000").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.headers().firstValue("mcp-session-id")).isPresent();
        assertThat(local.body()).contains("mcp-servers/everything");

        HttpResponse<String> batch = http.send(post("[" + init + "]").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(batch.body()).contains("-32600").contains("batch");

        HttpResponse<String> big = http.send(post("{\"pad\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
    }

    private HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(proxy.endpoint()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
