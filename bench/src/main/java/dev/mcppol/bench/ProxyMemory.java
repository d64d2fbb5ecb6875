package dev.mcppol.bench;

import dev.mcppol.runtime.proxy.HttpProxy;
import dev.mcppol.runtime.proxy.ProxyConfig;
import dev.mcppol.runtime.proxy.ProxyRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.ProxyMemory REPO_ROOT OUT.json K1 K2 ...}: the
 * Streamable HTTP proxy's heap per open session. The proxy runs in this JVM ({@code ProxyRunner} +
 * {@code HttpProxy}, as {@code mcppol proxy --listen 127.0.0.1:0 --upstream …} runs it) in front of
 * {@code server-everything streamableHttp} (loopback only, through {@code testservers/loopback-only.cjs}).
 * A session is opened the way an agent opens one: {@code initialize} POSTed without a session id,
 * then {@code notifications/initialized} POSTed with the {@code Mcp-Session-Id} the server assigned;
 * that second request is what makes the proxy keep state for the id. Sessions are then left open
 * (never DELETEd). At each K the heap in use after full GCs is read; bytes per session is the
 * difference to the heap with no session open, divided by K. Then every one of the K sessions
 * does one {@code tools/list} (the proxy keeps the session's announced tool entries, for schema
 * drift), and the heap is read again.
 */
public final class ProxyMemory {
    private ProxyMemory() {
    }

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcppol-bench\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}";

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path outJson = Path.of(args[1]);
        List<Integer> ks = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            ks.add(Integer.parseInt(args[i]));
        }
        if (ks.isEmpty()) {
            ks = List.of(1_000, 5_000);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("node", "--require", root.resolve("testservers/loopback-only.cjs").toString(),
                root.resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(),
                "streamableHttp").redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process server = pb.start();
        StringBuilder json = new StringBuilder();
        try {
            awaitListening(server);
            ProxyConfig config = new ProxyConfig().bundle(ProxyMain.policySource(root.resolve("bench/proxy/latency.mcppol")))
                    .listen("127.0.0.1:0").upstream(URI.create("http://127.0.0.1:" + port + "/mcp"));
            try (ProxyRunner runner = ProxyRunner.prepare(config, System.err)) {
                HttpProxy http = runner.startHttp();
                try {
                    json = measure(http.endpoint(), ks);
                } finally {
                    http.close();
                }
            }
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.writeString(outJson, json);
        System.out.print(json);
    }

    private static void awaitListening(Process server) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = err.readLine()) != null) {
            if (line.contains("listening on port")) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the server exited
                    }
                }, "server-stderr");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new IOException("server-everything (streamableHttp) did not start");
    }

    private static StringBuilder measure(URI endpoint, List<Integer> ks) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        List<String> ids = new ArrayList<>();
        // Warm the whole path (and load its classes) with one session, closed again, before the baseline.
        String warm = open(client, endpoint);
        post(client, endpoint, warm, TOOLS_LIST, 200);
        HttpResponse<String> del = client.send(HttpRequest.newBuilder(endpoint).DELETE().header("Mcp-Session-Id", warm).build(),
                HttpResponse.BodyHandlers.ofString());
        if (del.statusCode() != 200) {
            throw new IOException("DELETE answered " + del.statusCode());
        }
        long base = heapAfterGc();
        StringBuilder json = new StringBuilder("{\n  \"transport\": \"Streamable HTTP\",\n");
        json.append(String.format(Locale.ROOT, "  \"baselineHeapBytes\": %d,\n  \"open\": [", base));
        long t0 = System.nanoTime();
        boolean first = true;
        for (int k : ks) {
            while (ids.size() < k) {
                ids.add(open(client, endpoint));
            }
            long h = heapAfterGc();
            json.append(first ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"sessions\": %d, \"heapBytes\": %d, \"bytesPerSession\": %.0f}", k, h, (h - base) / (double) k));
            first = false;
            System.err.printf(Locale.ROOT, "%d sessions open: %+,d bytes (%.0f per session), %.1f s%n", k, h - base,
                    (h - base) / (double) k, (System.nanoTime() - t0) / 1e9);
        }
        json.append("\n  ],\n");
        for (String id : ids) {
            post(client, endpoint, id, TOOLS_LIST, 200);
        }
        long h = heapAfterGc();
        int k = ids.size();
        json.append(String.format(Locale.ROOT, "  \"afterToolsList\": {\"sessions\": %d, \"heapBytes\": %d, \"bytesPerSession\": %.0f}\n}\n",
                k, h, (h - base) / (double) k));
        System.err.printf(Locale.ROOT, "%d sessions after tools/list: %+,d bytes (%.0f per session)%n", k, h - base, (h - base) / (double) k);
        return json;
    }

    /** initialize, then notifications/initialized with the session id: the session is open at the proxy. */
    private static String open(HttpClient client, URI endpoint) throws Exception {
        HttpResponse<String> r = client.send(request(endpoint, null, INIT), HttpResponse.BodyHandlers.ofString());
        String id = r.headers().firstValue("Mcp-Session-Id").orElse(null);
        if (r.statusCode() != 200 || id == null || !r.body().contains("\"result\"")) {
            throw new IOException("initialize through the proxy failed: " + r.statusCode() + " " + r.body());
        }
        post(client, endpoint, id, INITIALIZED, 202);
        return id;
    }

    private static void post(HttpClient client, URI endpoint, String session, String body, int expect) throws Exception {
        HttpResponse<String> r = client.send(request(endpoint, session, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new IOException(body + " answered " + r.statusCode() + " " + r.body());
        }
    }

    private static HttpRequest request(URI endpoint, String session, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("Mcp-Protocol-Version", "2025-11-25");
        }
        return b.build();
    }

    /** Heap in use after full collections, settled (the smallest of a few readings). */
    static long heapAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
