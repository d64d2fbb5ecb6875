package dev.mcppol.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Concurrent acquires share round trips: while Redis holds every write (CLIENT PAUSE WRITE), eight
 * callers' scripts wait on at most two connections, queued behind each other, instead of one
 * connection each; once Redis resumes, each caller gets its own answer, exactly as alone.
 */
class RedisLimiterPipelineTest {

    static RedisServer server;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void concurrentCallsShareConnectionsAndEachGetsItsOwnAnswer() throws Exception {
        // A long read timeout: the scripts wait on the paused server until it resumes.
        RedisLimiterOptions options = RedisLimiterOptions.of(server.url(), "pipe:{t}:").withCallerTime()
                .withTimeoutMillis(60_000);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (RedisLimiter limiter = new RedisLimiter(options); Jedis admin = new Jedis("127.0.0.1", server.port())) {
            // The script is cached and one connection made before the pause.
            assertThat(limiter.acquire(List.of(Limits.count("warm", "s", 1, 60_000)), 0).admitted()).isTrue();
            admin.clientPause(60_000, redis.clients.jedis.args.ClientPauseMode.WRITE);
            List<Future<Admission>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < callers; i++) {
                    // Caller i asks for i+1 units of a budget of 4 on its own key: the first four fit.
                    LimitRequest r = Limits.budget("b", "s" + i, "4", 60_000, Integer.toString(i + 1));
                    answers.add(pool.submit(() -> limiter.acquire(List.of(r), 1000)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (limiter.unanswered() < callers && System.nanoTime() < deadline) {
                    Thread.sleep(10); // bounded wait for every caller to have handed its call over
                }
                assertThat(limiter.unanswered()).isEqualTo(callers);
                long connections = admin.clientList().lines().filter(l -> l.contains(" name=mcppol-limiter ")).count();
                // A connection per waiting caller before (the pool grows on demand); now at most two
                // pipelines in flight, each on one connection, the other calls queued behind them.
                assertThat(connections).isBetween(1L, 2L);
            } finally {
                admin.clientUnpause();
            }
            for (int i = 0; i < callers; i++) {
                Admission a = answers.get(i).get(30, TimeUnit.SECONDS);
                assertThat(a.admitted()).as("caller %d", i).isEqualTo(i + 1 <= 4);
                assertThat(a.unavailable()).isFalse();
            }
            assertThat(limiter.unanswered()).isZero();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
