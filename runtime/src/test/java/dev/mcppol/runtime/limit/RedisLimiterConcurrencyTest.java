package dev.mcppol.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 8 threads x 500 acquires on one key, split across two RedisLimiter instances on one Redis (two
 * proxy replicas), with server time: the script's atomicity must hold the limit exactly.
 */
class RedisLimiterConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS = 500;

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    /** Admission times (Redis clock) of every admitted call, and how many calls were refused. */
    private record Run(List<Long> admittedAt, int refused) {
    }

    private static Run hammer(String prefix, LimitRequest request) throws Exception {
        RedisLimiterOptions options = RedisLimiterOptions.of(server.url(), prefix).withTimeoutMillis(5000);
        try (RedisLimiter replicaA = new RedisLimiter(options); RedisLimiter replicaB = new RedisLimiter(options)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<RedisAdmission>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    RedisLimiter limiter = t % 2 == 0 ? replicaA : replicaB;
                    futures.add(pool.submit(() -> {
                        go.await();
                        List<RedisAdmission> answers = new ArrayList<>(CALLS);
                        for (int i = 0; i < CALLS; i++) {
                            // The caller's time is ignored with server time: pass nonsense to prove it.
                            answers.add(limiter.acquireTimed(List.of(request), -1));
                        }
                        return answers;
                    }));
                }
                go.countDown();
                List<Long> admitted = new ArrayList<>();
                int refused = 0;
                for (Future<List<RedisAdmission>> f : futures) {
                    for (RedisAdmission a : f.get(60, TimeUnit.SECONDS)) {
                        assertThat(a.admission().reason()).isIn(Admission.Reason.ADMITTED, Admission.Reason.EXHAUSTED);
                        if (a.admission().admitted()) {
                            admitted.add(a.atMillis());
                        } else {
                            refused++;
                        }
                    }
                }
                Collections.sort(admitted);
                return new Run(admitted, refused);
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void exactlyMaxAreAdmittedInOneWindow() throws Exception {
        Run run = hammer("conc:{one}:", Limits.count("exec", "s", 100, 3_600_000));
        assertThat(run.admittedAt()).hasSize(100);
        assertThat(run.refused()).isEqualTo(THREADS * CALLS - 100);
    }

    @Test
    void neverMoreThanMaxInAnySlidingWindow() throws Exception {
        long window = 25;
        int max = 5;
        Run run = hammer("conc:{slide}:", Limits.count("exec", "s", max, window));
        List<Long> times = run.admittedAt();
        assertThat(times.size()).as("at least one full window was admitted").isGreaterThanOrEqualTo(max);
        assertThat(times.size() + run.refused()).isEqualTo(THREADS * CALLS);
        // For each admission at t, the admissions in (t - window, t] (all admitted at or before t,
        // times sorted) must be at most max.
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            long t = times.get(to);
            while (times.get(from) <= t - window) {
                from++;
            }
            int last = to;
            while (last + 1 < times.size() && times.get(last + 1) == t) {
                last++;
            }
            assertThat(last - from + 1).as("admitted in (%d, %d]", t - window, t).isLessThanOrEqualTo(max);
        }
        // The admission times come from Redis TIME, not the -1 the callers passed.
        assertThat(times.get(0)).isGreaterThan(1_600_000_000_000L);
    }
}
