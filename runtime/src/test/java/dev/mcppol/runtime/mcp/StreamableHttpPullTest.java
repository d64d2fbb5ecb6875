package dev.mcppol.runtime.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * schema pull over Streamable HTTP: against the real server-everything (streamableHttp, loopback,
 * started and stopped here) it gets exactly what the same server says over stdio; endpoints that are
 * not MCP servers, or say nothing, are clear errors within the timeout.
 */
class StreamableHttpPullTest {

    private static final Path EVERYTHING = Path.of("../testservers/node_modules/@modelcontextprotocol/"
            + "server-everything/dist/index.js").toAbsolutePath().normalize();
    private static final Path LOOPBACK_ONLY = Path.of("../testservers/loopback-only.cjs").toAbsolutePath().normalize();

    @Test
    void theSnapshotOverHttpIsTheSnapshotOverStdio() throws Exception {
        assertThat(EVERYTHING).as("run (cd testservers && npm ci) first").exists();
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("node", "--require", LOOPBACK_ONLY.toString(), EVERYTHING.toString(),
                "streamableHttp").redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process server = pb.start();
        try {
            awaitLine(server, "listening on port");
            JsonNode overHttp = SchemaPuller.pull(URI.create("http://127.0.0.1:" + port + "/mcp"), Duration.ofSeconds(30),
                    "test");
            JsonNode overStdio = SchemaPuller.pull(List.of("node", EVERYTHING.toString(), "stdio"), Duration.ofSeconds(30),
                    "test");
            assertThat(overHttp.get("tools")).hasSize(13);
            assertThat(overHttp.get("prompts")).isNotEmpty();
            assertThat(overHttp).isEqualTo(overStdio);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void nobodyListeningIsAClearError() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + freePort() + "/mcp");
        assertThatThrownBy(() -> SchemaPuller.pull(closed, Duration.ofSeconds(10), "test"))
                .isInstanceOf(StdioJsonRpcClient.RpcException.class)
                .hasMessageContaining("cannot connect to " + closed).hasMessageContaining("is the server running?");
    }

    @Test
    void aWebPageIsNotAnMcpEndpoint() throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().equals("/") ? 200 : 404;
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(status, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        web.start();
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            assertThatThrownBy(() -> SchemaPuller.pull(URI.create(base + "/"), Duration.ofSeconds(10), "test"))
                    .hasMessage("the server answered initialize with Content-Type text/html, not JSON or an event stream;"
                            + " is this the server's MCP endpoint?");
            assertThatThrownBy(() -> SchemaPuller.pull(URI.create(base + "/nothing"), Duration.ofSeconds(10), "test"))
                    .hasMessage("the server answered initialize with HTTP 404: <html>hello</html>");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void aServerThatOpensAStreamAndSaysNothingTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/mcp", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/mcp");
            assertThatThrownBy(() -> SchemaPuller.pull(endpoint, Duration.ofMillis(800), "test"))
                    .hasMessage("the server did not answer initialize in time");
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }

    @Test
    void onlyHttpUrlsAreEndpoints() {
        assertThatThrownBy(() -> SchemaPuller.pull(URI.create("file:///tmp/x"), Duration.ofSeconds(1), "test"))
                .hasMessage("file:///tmp/x is not an http:// or https:// URL");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Reads the process's output until a line holds {@code text} (bounded), then drains the rest in the background. */
    private static void awaitLine(Process p, String text) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CountDownLatch seen = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains(text)) {
                        seen.countDown();
                    }
                }
            } catch (Exception ignored) {
                // the process stopped
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        assertThat(seen.await(30, TimeUnit.SECONDS)).as("the server printed '" + text + "'").isTrue();
    }
}
