package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's own streaming survives the proxy: a tool call answered as an SSE stream delivers each
 * progress notification to the agent while the call still runs on the server, not with its result.
 * SDK client → proxy → server-everything (streamableHttp, loopback only).
 */
class HttpStreamingTest {
    private EverythingHttp server;
    private ProxyRunner runner;
    private HttpProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = EverythingHttp.start();
        runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything-open")))
                .listen("127.0.0.1:0").upstream(server.url()), System.err);
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
    void progressReachesTheAgentWhileTheCallRuns() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstProgress = new CountDownLatch(1);
        CountDownLatch bothProgress = new CountDownLatch(2);
        URI endpoint = proxy.endpoint();
        HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getHost() + ":" + endpoint.getPort())
                .endpoint(endpoint.getPath()).build();
        try (McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(20))
                .clientInfo(new McpSchema.Implementation("mcppol-streaming-test", "0.0.1"))
                .progressConsumer(p -> {
                    seen.add("progress " + p.progress().intValue() + "/" + p.total().intValue() + " " + p.progressToken());
                    firstProgress.countDown();
                    bothProgress.countDown();
                }).build()) {
            c.initialize();
            // Two steps of 4 s: progress 1 after 4 s, then progress 2 and the result 4 s later, together.
            CompletableFuture<McpSchema.CallToolResult> longCall = CompletableFuture.supplyAsync(() -> c.callTool(
                    McpSchema.CallToolRequest.builder().name("trigger-long-running-operation")
                            .arguments(Map.of("duration", 8, "steps", 2)).progressToken("op-1").build()));
            assertThat(firstProgress.await(60, TimeUnit.SECONDS)).as("a progress notification arrived").isTrue();
            // Causal, not timed: this echo is sent only once progress 1 is here. Had the proxy held the
            // stream until the server ended it, progress 1 would have come with the result, and the
            // echo's answer after it.
            seen.add(SdkClients.text(SdkClients.call(c, "echo", Map.of("message", "while it runs"))));
            McpSchema.CallToolResult r = longCall.get(60, TimeUnit.SECONDS);
            seen.add(SdkClients.text(r));
            // the SDK may hand progress 2 to its consumer after it completed the call
            assertThat(bothProgress.await(30, TimeUnit.SECONDS)).as("progress 2 arrived").isTrue();
        }
        assertThat(seen.get(0)).isEqualTo("progress 1/2 op-1");
        assertThat(seen.get(1)).isEqualTo("Echo: while it runs");
        assertThat(seen).contains("progress 2/2 op-1");
        // Progress 2 and the result leave the server together; the SDK hands notifications to the
        // progress consumer on another thread than the one completing the call, so their order in
        // `seen` is the SDK's scheduling, not the proxy's: only that both arrived is asserted.
        assertThat(seen).anyMatch(x -> x.startsWith("Long running operation completed"));
    }
}
