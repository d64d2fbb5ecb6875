package dev.mcppol.runtime.limit;

import dev.mcppol.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A rough decisions-per-second figure for docs/REDIS.md (not a test, not a benchmark: no warm-up
 * discipline, one machine, loopback). Run with the runtime's test classpath:
 * {@code java -cp … dev.mcppol.runtime.limit.RedisLimiterThroughput}.
 */
public final class RedisLimiterThroughput {

    private RedisLimiterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int calls = 20_000;
        try (RedisServer server = RedisServer.start()) {
            for (int threads : new int[] {1, 8}) {
                for (int max : new int[] {10, 1000}) {
                    measure(server, threads, calls, max);
                }
            }
        }
    }

    private static void measure(RedisServer server, int threads, int calls, int max) throws Exception {
        try (RedisLimiter limiter = new RedisLimiter(server.url(), "bench:{" + threads + "-" + max + "}:")) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                // Warm up the pool, the script cache and the JIT.
                for (int i = 0; i < 2000; i++) {
                    limiter.acquire(List.of(Limits.count("w", "s" + (i % 50), max, 60_000)), 0);
                }
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < calls / threads; i++) {
                            // Two limits per call (a session counter and a global one), like a typical leaf.
                            limiter.acquire(List.of(Limits.count("exec", "s" + id, max, 60_000),
                                    Limits.count("all", "global", max * 8L, 60_000)), 0);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("threads=%d max=%d: %d decisions in %.2f s = %.0f decisions/s%n", threads, max, calls,
                        seconds, calls / seconds);
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
