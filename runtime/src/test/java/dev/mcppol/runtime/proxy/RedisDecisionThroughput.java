package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.RedisLimiter;
import dev.mcppol.runtime.limit.RedisLimiterOptions;
import dev.mcppol.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Rough decisions per second of the proxy's decision path with {@code --redis} (engine, the proxy's
 * limiter wrappers, one Redis round trip per limited call), for docs/REDIS.md. Not a test, not a
 * benchmark: one machine, loopback, no warm-up discipline beyond a first pass. Policy
 * {@code everything-shared}: echo under {@code calls = 50 per 1h per global}, so after the first 50
 * calls every decision is a refusal (read path); {@code RedisLimiterThroughput} measures admissions.
 * Run with the runtime's test class path: {@code java -cp … dev.mcppol.runtime.proxy.RedisDecisionThroughput}.
 */
public final class RedisDecisionThroughput {
    private RedisDecisionThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int calls = 20_000;
        Bundle bundle = BundleSource.file(TestServers.bundle("everything-shared")).load();
        JsonNode echoArgs = Json.MAPPER.readTree("{\"message\":\"hi\"}");
        try (RedisServer server = RedisServer.start();
             RedisLimiter redis = new RedisLimiter(RedisLimiterOptions.of(server.url(),
                     RedisLimiter.policyPrefix(bundle.policyName())))) {
            // The proxy's own assembly: counting wrapper, caller-clock wrapper, shared by the engine.
            Engine engine = new PolicyHolder(bundle, new CallerClockLimiter(redis), new ProxyMetrics()).engine();
            for (int i = 0; i < 2000; i++) {
                engine.decide(new Call("echo", echoArgs, "warm", null, System.currentTimeMillis(), null));
            }
            for (int threads : new int[] {1, 4, 8}) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    long start = System.nanoTime();
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < calls / threads; i++) {
                                engine.decide(new Call("echo", echoArgs, "s", null, System.currentTimeMillis(), null));
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(120, TimeUnit.SECONDS);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("threads=%d: %d decisions in %.2f s = %.0f decisions/s%n", threads, calls,
                            seconds, calls / seconds);
                } finally {
                    pool.shutdownNow();
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
