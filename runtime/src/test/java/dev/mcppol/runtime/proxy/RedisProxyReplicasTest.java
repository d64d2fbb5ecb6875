package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.testing.RedisServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stdio proxy processes ({@link ProxyTestMain}, the same {@link ProxyRunner} as {@code mcppol proxy})
 * in front of server-everything, sharing their rate limits through a real redis-server, driven by
 * the MCP Java SDK. Policy {@code everything-shared.mcppol}: echo under {@code calls = 50 per 1h per
 * global}, get-sum unlimited.
 */
class RedisProxyReplicasTest {
    private static final int MAX = 50;
    private static final long WINDOW_MILLIS = 3_600_000;
    private static final Pattern RETRY = Pattern.compile("retry in (\\d+) ms");

    private static RedisServer redis;
    private final List<McpSyncClient> clients = new ArrayList<>();
    private final Queue<String> stderr = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void freshRedis() throws Exception {
        assertThat(redis.freshState()).isEqualTo("+OK");
    }

    @AfterEach
    void stopProxies() {
        // Closing the SDK client closes the proxy's stdin: the proxy stops its server and exits.
        for (McpSyncClient c : clients) {
            c.closeGracefully();
        }
    }

    private McpSyncClient replica(String... options) {
        List<String> opts = new ArrayList<>(List.of("--redis", redis.url()));
        opts.addAll(List.of(options));
        McpSyncClient c = SdkClients.stdio(ProxyTestMain.command(TestServers.bundle("everything-shared"), opts,
                TestServers.everythingStdio()), stderr::add);
        clients.add(c);
        c.initialize();
        return c;
    }

    /**
     * Several threads share one client per replica. The SDK's stdio transport refuses a send while
     * another thread is in the middle of one on the same client ("Failed to enqueue message"); such a
     * message was never written to the proxy, so sending it again cannot count a call twice.
     */
    private static McpSchema.CallToolResult echo(McpSyncClient c, String message) {
        for (int attempt = 1; ; attempt++) {
            try {
                return SdkClients.call(c, "echo", Map.of("message", message));
            } catch (RuntimeException e) {
                if (attempt >= 100 || !enqueueRefused(e)) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static boolean enqueueRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if ("Failed to enqueue message".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static String outcome(McpSchema.CallToolResult r) {
        if (r.meta() == null) {
            return "allow"; // the server's own answer: the proxy forwarded the call
        }
        return String.valueOf(((Map<String, Object>) r.meta().get("mcppol/decision")).get("outcome"));
    }

    /** Entries in the limit's Redis window, counted by Redis itself. */
    private static long countedInRedis() throws Exception {
        String reply = redis.command("EVAL \"local n = 0 for _, k in ipairs(redis.call('KEYS', '*win:calls*')) do "
                + "n = n + redis.call('ZCARD', k) end return n\" 0");
        assertThat(reply).startsWith(":");
        return Long.parseLong(reply.substring(1));
    }

    @Test
    void twoReplicasHammeredConcurrentlyAdmitExactlyMaxBetweenThem() throws Exception {
        List<McpSyncClient> replicas = List.of(replica(), replica());
        int threadsPerReplica = 4;
        int callsPerThread = 25; // 200 calls against a max of 50; each replica alone could admit all 50
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        Queue<Long> waits = new ConcurrentLinkedQueue<>();
        int[] admittedBy = new int[replicas.size()];
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threadsPerReplica * replicas.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < replicas.size(); r++) {
                int replica = r;
                for (int t = 0; t < threadsPerReplica; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < callsPerThread; i++) {
                            String msg = "r" + replica + "t" + thread + "i" + i;
                            McpSchema.CallToolResult res = echo(replicas.get(replica), msg);
                            String o = outcome(res);
                            if (o.equals("allow") && SdkClients.text(res).contains(msg)) {
                                admitted.incrementAndGet();
                                synchronized (admittedBy) {
                                    admittedBy[replica]++;
                                }
                            } else if (o.equals("limit") && Boolean.TRUE.equals(res.isError())) {
                                limited.incrementAndGet();
                                Matcher m = RETRY.matcher(SdkClients.text(res));
                                waits.add(m.find() ? Long.parseLong(m.group(1)) : -1);
                            } else {
                                unexpected.add(o + ": " + res);
                            }
                        }
                        return null;
                    }));
                }
            }
            long started = System.currentTimeMillis();
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            long elapsed = System.currentTimeMillis() - started;
            int total = threadsPerReplica * replicas.size() * callsPerThread;
            assertThat(unexpected).as("answers neither admitted nor limited").isEmpty();
            assertThat(admitted.get()).as("admitted across both replicas (replica 0: %d, replica 1: %d)",
                    admittedBy[0], admittedBy[1]).isEqualTo(MAX);
            assertThat(limited.get()).isEqualTo(total - MAX);
            assertThat(countedInRedis()).as("entries in the shared window").isEqualTo(MAX);
            // The wait is Redis's own (one clock): at most a window, and at least a window minus the run.
            assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(WINDOW_MILLIS - elapsed - 1000, WINDOW_MILLIS));
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void redisStoppedDeniesLimitedCallsOnlyAndARestartResumesWithoutRestartingTheProxy() throws Exception {
        McpSyncClient c = replica();
        assertThat(outcome(echo(c, "before"))).isEqualTo("allow");

        redis.stop();
        for (int i = 0; i < 3; i++) {
            McpSchema.CallToolResult down = echo(c, "down" + i);
            assertThat(outcome(down)).isEqualTo("deny");
            assertThat(down.isError()).isTrue();
            assertThat(SdkClients.text(down)).contains("the rate-limit store is unavailable").contains("fail closed");
        }
        McpSchema.CallToolResult sum = SdkClients.call(c, "get-sum", Map.of("a", 1, "b", 2));
        assertThat(outcome(sum)).as("a call under no limit does not need Redis").isEqualTo("allow");
        assertThat(SdkClients.text(sum)).contains("3");

        redis.restart();
        McpSchema.CallToolResult back = echo(c, "after");
        assertThat(outcome(back)).as("the first call after the restart").isEqualTo("allow");
        assertThat(SdkClients.text(back)).contains("after");
        assertThat(countedInRedis()).as("the restarted (empty) Redis counts again").isEqualTo(1);

        // The proxy logged the loss and the recovery once each, however many calls were refused.
        assertThat(stderr.stream().filter(l -> l.contains("mcppol proxy: warning: rate-limit store")
                && l.contains("unreachable"))).hasSize(1);
        assertThat(stderr.stream().filter(l -> l.contains("mcppol proxy: rate-limit store")
                && l.contains("reachable again"))).hasSize(1);
    }

    @Test
    void failOpenAdmitsLimitedCallsWhileRedisIsDown() throws Exception {
        McpSyncClient c = replica("--redis-fail", "open");
        redis.stop();
        for (int i = 0; i < 3; i++) {
            McpSchema.CallToolResult r = echo(c, "open" + i);
            assertThat(outcome(r)).isEqualTo("allow");
            assertThat(SdkClients.text(r)).contains("open" + i);
        }
        assertThat(stderr).anySatisfy(l -> assertThat(l).contains("unreachable").contains("fail open"));
    }
}
