package dev.mcppol.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.HttpLoad REPO_ROOT OUT.json STEP_SECONDS SESSIONS RATE,RATE,... [WARMUP_CALLS]}:
 * the Streamable HTTP proxy under constant-rate load. A small open-loop generator (Jetty's
 * {@code HttpClient}, asynchronous, one connection per MCP session at most, wrk2-style): call k of a
 * step is due at {@code start + k / rate}, is sent then (or at once, if the generator is behind), and
 * its latency is measured from that <em>intended</em> time to the complete answer, into an
 * HdrHistogram: a stalled server or proxy cannot hide its stall by slowing the sender down
 * (no coordinated omission). A series starts with {@code WARMUP_CALLS} (default {@value #WARMUP_CALLS}) unrecorded calls, one in
 * flight per session (warm-up: until then the proxy's JVM is still compiling its hot paths); each
 * step then runs one second unrecorded at its rate, then
 * {@code STEP_SECONDS} recorded; the rates go up until one is not sustained (achieved &lt; 90 % of
 * the target, or p99 over a second), which ends that series.
 *
 * <p>Series: {@code server-everything streamableHttp} directly and through the proxy
 * ({@code tools/call echo}, SSE answers); a minimal fast Jetty upstream ({@link FastUpstreamMain})
 * directly and through the proxy, with calls allowed and forwarded, allowed under a limit (the
 * limiter decides each call), denied and rate limited (both answered by the proxy); the limiter in
 * memory and in a real {@code redis-server}. Every process is on this machine (loopback), so the
 * generator, the proxy and the server share its cores: the rates are what this machine sustains
 * with all of them on it, not what the proxy alone would.
 */
public final class HttpLoad {
    private HttpLoad() {
    }

    /** One series: where to send, which call, what its answer must contain. */
    record Series(String name, URI endpoint, String tool, String arguments, String expect) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path outJson = Path.of(args[1]);
        double stepSeconds = Double.parseDouble(args[2]);
        int sessions = Integer.parseInt(args[3]);
        List<Integer> rates = new ArrayList<>();
        for (String r : args[4].split(",")) {
            rates.add(Integer.parseInt(r.trim()));
        }
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : WARMUP_CALLS;
        File errLog = outJson.resolveSibling("http-load.stderr.txt").toFile();
        Path latencyPolicy = root.resolve("bench/proxy/latency.mcppol");
        Path loadPolicy = root.resolve("bench/proxy/load.mcppol");
        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"stepSeconds\": %.1f,\n  \"sessions\": %d,\n  \"warmupCalls\": %d,\n"
                        + "  \"loadBefore\": \"%s\",\n", stepSeconds, sessions, warmup, HttpProxyLatency.load()));
        json.append("  \"series\": [\n");
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(sessions);
        client.setMaxRequestsQueuedPerDestination(1_000_000);
        client.setIdleTimeout(30_000);
        client.start();
        List<String> done = new ArrayList<>();
        try (EverythingHttp everything = new EverythingHttp(root);
             JvmChild fast = new JvmChild(FastUpstreamMain.class, List.of(), errLog);
             RedisProcess redis = RedisProcess.start(errLog);
             JvmChild proxyEverything = new JvmChild(HttpProxyMain.class,
                     List.of(latencyPolicy.toString(), everything.endpoint().toString()), errLog);
             JvmChild proxyFast = new JvmChild(HttpProxyMain.class,
                     List.of(loadPolicy.toString(), "http://127.0.0.1:" + fast.port() + "/mcp"), errLog);
             JvmChild proxyFastRedis = new JvmChild(HttpProxyMain.class,
                     List.of(loadPolicy.toString(), "http://127.0.0.1:" + fast.port() + "/mcp", redis.url()), errLog)) {
            String echo = "{\"message\":\"x1\"}";
            List<Series> all = List.of(
                    new Series("server-everything, direct", everything.endpoint(), "echo", echo, "Echo: x1"),
                    new Series("server-everything, through the proxy", local(proxyEverything), "echo", echo, "Echo: x1"),
                    new Series("fast upstream, direct", local(fast), "echo", echo, "\"ok\""),
                    new Series("fast upstream, proxy: allowed", local(proxyFast), "echo", echo, "\"ok\""),
                    new Series("fast upstream, proxy: allowed under a limit (in memory)", local(proxyFast), "counted", "{}", "\"ok\""),
                    new Series("fast upstream, proxy: denied", local(proxyFast), "get-env", "{}", "no env dumps"),
                    new Series("fast upstream, proxy: rate limited (in memory)", local(proxyFast), "limited", "{}", "Rate limited"),
                    new Series("fast upstream, proxy: allowed under a limit (Redis)", local(proxyFastRedis), "counted", "{}", "\"ok\""),
                    new Series("fast upstream, proxy: rate limited (Redis)", local(proxyFastRedis), "limited", "{}", "Rate limited"));
            for (Series s : all) {
                System.err.println("== " + s.name());
                done.add(series(client, s, sessions, rates, stepSeconds, warmup));
            }
        } finally {
            client.stop();
        }
        json.append(String.join(",\n", done)).append("\n  ],\n");
        json.append("  \"loadAfter\": \"").append(HttpProxyLatency.load()).append("\"\n}\n");
        Files.writeString(outJson, json);
        System.out.print(json);
    }

    private static URI local(JvmChild c) {
        return URI.create("http://127.0.0.1:" + c.port() + "/mcp");
    }

    private static String series(HttpClient client, Series s, int sessions, List<Integer> rates, double stepSeconds,
                                 int warmup) throws Exception {
        String[] ids = new String[sessions];
        for (int i = 0; i < sessions; i++) {
            ids[i] = open(client, s.endpoint());
        }
        List<String> steps = new ArrayList<>();
        warmUp(client, s, ids, warmup); // unrecorded: the JIT of every process on the path settles
        for (int rate : rates) {
            step(client, s, ids, rate, 1.0, null); // unrecorded: connections, JIT and the server settle at this rate
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long[] result = step(client, s, ids, rate, stepSeconds, h);
            double achieved = result[0] * 1e9 / Math.max(1, result[2]);
            String step = String.format(Locale.ROOT, "{\"rate\": %d, \"achieved\": %.0f, \"ok\": %d, \"errors\": %d, "
                            + "\"p50Ns\": %d, \"p90Ns\": %d, \"p99Ns\": %d, \"p999Ns\": %d, \"maxNs\": %d}", rate, achieved,
                    result[0], result[1], h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue());
            System.err.println("  " + step);
            steps.add(step);
            if (achieved < 0.9 * rate || h.getValueAtPercentile(99) > TimeUnit.SECONDS.toNanos(1) || result[1] > 0) {
                break; // not sustained: higher rates would only queue
            }
        }
        return "    {\"name\": \"" + s.name() + "\", \"tool\": \"" + s.tool() + "\", \"steps\": [\n      "
                + String.join(",\n      ", steps) + "]}";
    }

    /**
     * Calls sent before a series' first recorded rate, as fast as they are answered (one in flight per
     * session, so a slow server is never queued up): the proxy's JVM compiles its hot paths with C2
     * only after some 20,000 calls (its C2 threads go quiet after ~100 s of the one-call latency
     * harness), and a series measured before that measures the compiler.
     */
    static final int WARMUP_CALLS = 20_000;

    private static void warmUp(HttpClient client, Series s, String[] ids, int calls) throws InterruptedException {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(ids.length);
        CountDownLatch left = new CountDownLatch(calls);
        for (int k = 0; k < calls; k++) {
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(s.name() + ": no answer within 60 s while warming up");
            }
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + (k + 1) + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                    + s.tool() + "\",\"arguments\":" + s.arguments() + "}}").getBytes(StandardCharsets.UTF_8);
            request(client, s.endpoint(), ids[k % ids.length], body).send(new BufferingResponseListener(1 << 20) {
                @Override
                public void onComplete(org.eclipse.jetty.client.Result result) {
                    inFlight.release();
                    left.countDown();
                }
            });
        }
        if (!left.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(s.name() + ": warm-up calls still unanswered after 60 s");
        }
    }

    /** Sends {@code rate × seconds} calls on schedule; returns {ok, errors, ns from the first due time to the last answer}. */
    private static long[] step(HttpClient client, Series s, String[] ids, int rate, double seconds, Histogram h)
            throws InterruptedException {
        int total = (int) Math.round(rate * seconds);
        long interval = 1_000_000_000L / rate;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch left = new CountDownLatch(total);
        long[] lastAnswer = {0};
        Recorder recorder = new Recorder(3);
        long start = System.nanoTime() + 1_000_000;
        for (int k = 0; k < total; k++) {
            long due = start + k * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int id = k + 1;
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + s.tool()
                    + "\",\"arguments\":" + s.arguments() + "}}").getBytes(StandardCharsets.UTF_8);
            request(client, s.endpoint(), ids[k % ids.length], body).send(new BufferingResponseListener(1 << 20) {
                @Override
                public void onComplete(org.eclipse.jetty.client.Result result) {
                    long now = System.nanoTime();
                    if (result.isSucceeded() && result.getResponse().getStatus() == 200 && getContentAsString().contains(s.expect())) {
                        recorder.recordValue(Math.min(now - due, TimeUnit.SECONDS.toNanos(60)));
                        ok.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                    synchronized (lastAnswer) {
                        lastAnswer[0] = Math.max(lastAnswer[0], now);
                    }
                    left.countDown();
                }
            });
        }
        if (!left.await(60, TimeUnit.SECONDS)) {
            errors.addAndGet((int) left.getCount());
        }
        if (h != null) {
            h.add(recorder.getIntervalHistogram());
        }
        synchronized (lastAnswer) {
            return new long[] {ok.get(), errors.get(), lastAnswer[0] - start};
        }
    }

    private static Request request(HttpClient client, URI endpoint, String session, byte[] body) {
        Request r = client.newRequest(endpoint).method("POST").timeout(60, TimeUnit.SECONDS)
                .headers(h -> {
                    h.put("Accept", "application/json, text/event-stream");
                    h.put("MCP-Protocol-Version", "2025-06-18");
                    if (session != null) {
                        h.put("Mcp-Session-Id", session);
                    }
                });
        return r.body(new BytesRequestContent("application/json", body));
    }

    private static String open(HttpClient client, URI endpoint) throws Exception {
        ContentResponse init = request(client, endpoint, null, HttpProxyLatency.INIT.getBytes(StandardCharsets.UTF_8)).send();
        String id = init.getHeaders().get("Mcp-Session-Id");
        if (init.getStatus() != 200 || id == null) {
            throw new IOException("initialize failed at " + endpoint + ": " + init.getStatus() + " " + init.getContentAsString());
        }
        ContentResponse n = request(client, endpoint, id,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}".getBytes(StandardCharsets.UTF_8)).send();
        if (n.getStatus() / 100 != 2) {
            throw new IOException("notifications/initialized refused at " + endpoint + ": " + n.getStatus());
        }
        return id;
    }
}
