package dev.mcppol.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.HttpProxyLatency REPO_ROOT OUT.json [WARMUP CALLS]}:
 * the Streamable HTTP proxy's added latency, one call in flight. Four setups in front of the same
 * {@code server-everything streamableHttp} process, each with its own MCP session on one persistent
 * connection ({@link RawHttp}): the server directly; through the proxy ({@link HttpProxyMain}, as
 * {@code mcppol proxy --listen … --upstream …} runs it, own JVM); through Jetty's bare reverse proxy
 * ({@link JettyRelayMain}, own JVM): the floor for a proxy on Jetty; through a TCP byte pump
 * ({@link TcpPumpMain}, own JVM, no HTTP): the floor for any relay. The call is {@code tools/call echo},
 * answered by the server as an SSE stream of one event. Two times per call: until the answer has
 * arrived (what an MCP client acts on) and until the response is complete (the connection free for
 * the next call). The setups take turns call by call (which one goes first rotates), so drift of
 * the machine hits all alike.
 */
public final class HttpProxyLatency {
    private HttpProxyLatency() {
    }

    static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcppol-bench\",\"version\":\"1\"}}}";

    /** One MCP session on one connection. */
    static final class Session implements AutoCloseable {
        final RawHttp http;
        final String id;
        final URI endpoint;
        private int next = 1;

        Session(URI endpoint) throws IOException {
            this.endpoint = endpoint;
            this.http = new RawHttp(endpoint);
            RawHttp.Reply r = http.post(INIT, null);
            this.id = r.header("Mcp-Session-Id");
            if (r.status() != 200 || id == null) {
                throw new IOException("initialize failed at " + endpoint + ": " + r.status() + " " + r.text());
            }
            RawHttp.Reply n = http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", id);
            if (n.status() / 100 != 2) {
                throw new IOException("notifications/initialized refused: " + n.status());
            }
        }

        /** One echo; returns {answer ns, complete ns} after t0. */
        long[] echo(int i) throws IOException {
            int rid = next++;
            String call = "{\"jsonrpc\":\"2.0\",\"id\":" + rid + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"message\":\"x" + i + "\"}}}";
            long t0 = System.nanoTime();
            RawHttp.Reply r;
            try {
                r = http.post(call, id);
            } catch (IOException e) {
                throw new IOException(endpoint + " call " + rid + ": " + e.getMessage(), e);
            }
            if (r.status() != 200 || !r.text().contains("Echo: x" + i) || r.answerNs() == 0) {
                throw new IOException("unexpected echo response: " + r.status() + " " + r.text());
            }
            return new long[] {r.answerNs() - t0, r.completeNs() - t0};
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }

    /** The 1-minute load average (the machine is shared: every number needs it beside it). */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path outJson = Path.of(args[1]);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        File errLog = outJson.resolveSibling("http-proxy-latency.stderr.txt").toFile();
        Path policy = root.resolve("bench/proxy/latency.mcppol");
        String[] names = {"direct", "proxied", "relay", "tcpPump", "parserRelay"};
        long[][] answer = new long[names.length][n];
        long[][] complete = new long[names.length][n];
        String loadBefore = load();
        try (EverythingHttp server = new EverythingHttp(root);
             JvmChild proxy = new JvmChild(HttpProxyMain.class, List.of(policy.toString(), server.endpoint().toString()), errLog);
             JvmChild relay = new JvmChild(JettyRelayMain.class, List.of(server.endpoint().toString()), errLog);
             JvmChild pump = new JvmChild(TcpPumpMain.class, List.of(server.endpoint().toString()), errLog);
             JvmChild parser = new JvmChild(ParserRelayMain.class, List.of(server.endpoint().toString()), errLog);
             Session d = new Session(server.endpoint());
             Session p = new Session(URI.create("http://127.0.0.1:" + proxy.port() + "/mcp"));
             Session x = new Session(URI.create("http://127.0.0.1:" + relay.port() + "/mcp"));
             Session q = new Session(URI.create("http://127.0.0.1:" + pump.port() + "/mcp"));
             Session r = new Session(URI.create("http://127.0.0.1:" + parser.port() + "/mcp"))) {
            Session[] sessions = {d, p, x, q, r};
            for (int i = 0; i < warmup; i++) {
                for (Session s : sessions) {
                    s.echo(i);
                }
            }
            // Call by call, the setup going first rotating: drift of the machine hits all alike, and no
            // connection sits idle long enough for a server's keep-alive timeout (Node's: 5 s).
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < sessions.length; j++) {
                    int s = (i + j) % sessions.length;
                    long[] t = sessions[s].echo(i);
                    answer[s][i] = t[0];
                    complete[s][i] = t[1];
                }
            }
        }
        String loadAfter = load();
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"loadBefore\": \"").append(loadBefore).append("\",\n  \"loadAfter\": \"").append(loadAfter).append("\",\n");
        json.append("  \"server\": \"@modelcontextprotocol/server-everything streamableHttp\",\n");
        json.append("  \"call\": \"tools/call echo (SSE response)\",\n");
        json.append(String.format(Locale.ROOT, "  \"warmupPerSetup\": %d,\n  \"timedPerSetup\": %d,\n",
                warmup, n));
        for (int s = 0; s < names.length; s++) {
            Arrays.sort(answer[s]);
            Arrays.sort(complete[s]);
            json.append("  \"").append(names[s]).append("\": {\"answer\": ").append(ProxyLatency.stats(answer[s]))
                    .append(", \"complete\": ").append(ProxyLatency.stats(complete[s])).append("}").append(s < names.length - 1 ? ",\n" : "\n");
        }
        json.append("}\n");
        Files.writeString(outJson, json);
        System.out.print(json);
    }
}
