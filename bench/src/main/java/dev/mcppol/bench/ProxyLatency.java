package dev.mcppol.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.ProxyLatency REPO_ROOT OUT.json [WARMUP ROUNDS PER_ROUND]}:
 * the stdio proxy's added latency. Two setups run side by side for the whole measurement: the
 * reference server ({@code server-everything stdio}) spoken to directly, and the same server behind
 * the stdio proxy ({@link ProxyMain}: {@code ProxyRunner.runStdio}, as {@code mcppol proxy --policy}
 * runs it, in its own JVM). The client is the same for both: one newline-delimited JSON-RPC
 * {@code tools/call echo} written to the process's stdin, then stdout read until the response with
 * that id; one call in flight at a time. A third setup, {@link RelayMain}, puts a bare byte-copying
 * Java process in the same place as the proxy: the floor for any separate-process proxy. The setups
 * take turns in rounds (which one goes first rotates), so drift of the machine hits all alike.
 *
 * <p>Not JMH: a round trip crosses two or four pipes and two processes' schedulers, tens of
 * microseconds, where JMH's strengths (dead-code elimination, fork control, sub-ns resolution) do
 * not apply, and its harness would not be the one an agent uses.
 */
public final class ProxyLatency {
    private ProxyLatency() {
    }

    /** One child process spoken to over newline-delimited JSON-RPC. */
    static final class LineClient implements AutoCloseable {
        private final Process process;
        private final OutputStream out;
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        private int nextId = 1;

        long pid() {
            return process.pid();
        }

        LineClient(List<String> command, File stderr) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr));
            this.process = pb.start();
            this.out = new BufferedOutputStream(process.getOutputStream(), 8192);
            this.in = new BufferedInputStream(process.getInputStream(), 65536);
        }

        /** Sends a request and returns its response line (other lines, e.g. notifications, are skipped). */
        String call(String method, String params) throws IOException {
            int id = nextId++;
            send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
            String marker = "\"id\":" + id + ",";
            String marker2 = "\"id\":" + id + "}";
            while (true) {
                String l = readLine();
                if (l == null) {
                    throw new IOException("the process closed its stdout (exit " + (process.isAlive() ? "?" : process.exitValue()) + ")");
                }
                if ((l.contains(marker) || l.endsWith(marker2)) && (l.contains("\"result\"") || l.contains("\"error\""))) {
                    return l;
                }
            }
        }

        void send(String message) throws IOException {
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        }

        private String readLine() throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            return null;
        }

        void initialize() throws IOException {
            String r = call("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"mcppol-bench\",\"version\":\"1\"}}");
            if (!r.contains("\"result\"")) {
                throw new IOException("initialize failed: " + r);
            }
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        /** One timed echo round trip, in ns; the response must be the server's echo, not a refusal. */
        long echo(int i) throws IOException {
            long t0 = System.nanoTime();
            String r = call("tools/call", "{\"name\":\"echo\",\"arguments\":{\"message\":\"x" + i + "\"}}");
            long t = System.nanoTime() - t0;
            if (!r.contains("Echo: x" + i)) {
                throw new IOException("unexpected echo response: " + r);
            }
            return t;
        }

        @Override
        public void close() throws InterruptedException {
            try {
                out.close(); // EOF on stdin: the server (and the proxy, which then stops its server) exits
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path outJson = Path.of(args[1]);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int perRound = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;

        String node = "node";
        String server = root.resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString();
        Path policy = root.resolve("bench/proxy/latency.mcppol");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> direct = List.of(node, server, "stdio");
        // The proxy's JVM gets no tuning flags: `mcppol proxy` is started with `java -jar` and defaults.
        List<String> proxied = new ArrayList<>(List.of(java, "-cp", cp, ProxyMain.class.getName(), policy.toString(), "--"));
        proxied.addAll(direct);
        List<String> relayed = new ArrayList<>(List.of(java, "-cp", cp, RelayMain.class.getName(), "--"));
        relayed.addAll(direct);
        File errLog = outJson.resolveSibling("proxy-latency.stderr.txt").toFile();

        int warmedUp;
        double proxyFaultsPer1000;
        long[] d = new long[rounds * perRound];
        long[] p = new long[rounds * perRound];
        long[] x = new long[rounds * perRound];
        try (LineClient dc = new LineClient(direct, errLog); LineClient pc = new LineClient(proxied, errLog);
             LineClient xc = new LineClient(relayed, errLog)) {
            LineClient[] clients = {dc, pc, xc};
            long[][] times = {d, p, x};
            for (LineClient c : clients) {
                c.initialize();
            }
            for (int i = 0; i < warmup; i++) {
                for (LineClient c : clients) {
                    c.echo(i);
                }
            }
            warmedUp = warmup + settle(clients, new LineClient[] {pc, xc});
            long faultsBefore = minorFaults(pc.pid());
            int k = 0;
            for (int r = 0; r < rounds; r++) {
                // The setups take turns going first (rotating), so drift of the machine hits all alike.
                for (int j = 0; j < clients.length; j++) {
                    int s = (r + j) % clients.length;
                    for (int i = 0; i < perRound; i++) {
                        times[s][k + i] = clients[s].echo(i);
                    }
                }
                k += perRound;
            }
            long faults = minorFaults(pc.pid());
            proxyFaultsPer1000 = faultsBefore < 0 || faults < 0 ? -1 : (faults - faultsBefore) * 1000.0 / (rounds * perRound);
        }
        Arrays.sort(d);
        Arrays.sort(p);
        Arrays.sort(x);
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"server\": \"@modelcontextprotocol/server-everything stdio\",\n");
        json.append("  \"call\": \"tools/call echo\",\n");
        json.append(String.format(Locale.ROOT, "  \"warmupPerSetup\": %d,\n  \"rounds\": %d,\n  \"callsPerRound\": %d,\n  \"timedPerSetup\": %d,\n",
                warmedUp, rounds, perRound, d.length));
        json.append(String.format(Locale.ROOT, "  \"proxyPageFaultsPer1000Calls\": %.1f,\n", proxyFaultsPer1000));
        json.append("  \"direct\": ").append(stats(d)).append(",\n");
        json.append("  \"proxied\": ").append(stats(p)).append(",\n");
        json.append("  \"relay\": ").append(stats(x)).append("\n}\n");
        Files.writeString(outJson, json);
        System.out.print(json);
    }

    /** Calls in one step of {@link #settle}, and the most steps taken. */
    static final int SETTLE_STEP = 5_000;
    static final int SETTLE_STEPS = 40;

    /**
     * Warms up on after the fixed count until the JVMs in {@code watched} (the proxy's, the relay's)
     * have stopped faulting in memory: at most one minor page fault per 100 calls over a step of
     * {@value #SETTLE_STEP} calls per setup, at most {@value #SETTLE_STEPS} steps. A JVM's young
     * generation grows into heap pages it has never touched, and each first touch is a page fault (on
     * the benchmark machine's VM, tens of microseconds); that phase lasts as long as it takes a JVM to
     * allocate its way through the heap, so the less a call allocates, the more calls it lasts — timed
     * inside it, a proxy that allocates less per call measured slower than one that allocates more
     * (2026-12-02: 0.6 faults per call after 50,000 calls against 0.02, none of either after 150,000).
     * Returns the extra calls made on each setup; none where {@code /proc} cannot be read.
     */
    static int settle(LineClient[] clients, LineClient[] watched) throws IOException {
        int extra = 0;
        for (int step = 0; step < SETTLE_STEPS; step++) {
            long[] before = new long[watched.length];
            for (int w = 0; w < watched.length; w++) {
                before[w] = minorFaults(watched[w].pid());
                if (before[w] < 0) {
                    return extra;
                }
            }
            for (int i = 0; i < SETTLE_STEP; i++) {
                for (LineClient c : clients) {
                    c.echo(i);
                }
            }
            extra += SETTLE_STEP;
            boolean settled = true;
            for (int w = 0; w < watched.length; w++) {
                settled &= minorFaults(watched[w].pid()) - before[w] <= SETTLE_STEP / 100;
            }
            if (settled) {
                return extra;
            }
        }
        return extra;
    }

    /** The minor page faults of a process so far (all its threads), or -1 where {@code /proc} cannot say. */
    static long minorFaults(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String stats(long[] sorted) {
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "{\"p50Ns\": %d, \"p90Ns\": %d, \"p99Ns\": %d, \"p999Ns\": %d, \"meanNs\": %.0f, \"minNs\": %d, \"maxNs\": %d}",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), mean, sorted[0], sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of a sorted array. */
    static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
