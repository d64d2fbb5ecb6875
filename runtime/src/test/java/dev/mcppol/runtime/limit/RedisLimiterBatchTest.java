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
 * Concurrent acquires share round trips and script runs: while Redis holds every write (CLIENT
 * PAUSE WRITE), eight callers' calls wait on one connection, queued behind the batch in flight,
 * instead of one connection each, and go to Redis in at most two runs of the script; once Redis
 * resumes, each caller gets its own answer, exactly as alone. A call that fails inside a batch fails
 * alone (fail closed), and the calls after it are decided as usual.
 */
class RedisLimiterBatchTest {

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
            admin.configResetStat();
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
                // A connection per waiting caller before the calls shared round trips (the pool grows on
                // demand); now one batch in flight on one connection, the other calls queued behind it.
                assertThat(connections).isEqualTo(1L);
            } finally {
                admin.clientUnpause();
            }
            for (int i = 0; i < callers; i++) {
                Admission a = answers.get(i).get(30, TimeUnit.SECONDS);
                assertThat(a.admitted()).as("caller %d", i).isEqualTo(i + 1 <= 4);
                assertThat(a.unavailable()).isFalse();
            }
            assertThat(limiter.unanswered()).isZero();
            // The batch that was in flight, and one with every call queued behind it.
            assertThat(scriptRuns(admin)).isBetween(1L, 2L);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallThatFailsInABatchFailsAloneAndTheOthersAreDecidedAsUsual() {
        String prefix = "broken:{t}:";
        try (RedisLimiter limiter = new RedisLimiter(RedisLimiterOptions.of(server.url(), prefix).withCallerTime());
                Jedis admin = new Jedis("127.0.0.1", server.port())) {
            LimitRequest one = Limits.count("one", "s", 1, 60_000);
            LimitRequest broken = Limits.count("broken", "s", 5, 60_000);
            // Not a sorted set: every command the script sends on this window fails (WRONGTYPE).
            admin.set(limiter.windowKey(broken.key()), "not a window");
            List<RedisAdmission> answers = limiter.acquireBatch(
                    List.of(List.of(one), List.of(broken, one), List.of(one), List.of(broken)),
                    List.of(1000L, 1000L, 1000L, 2000L));
            assertThat(answers.get(0).admission()).isEqualTo(Admission.ADMITTED);
            // As alone: the failing call is refused as unavailable (fail closed), nothing of it counted.
            assertThat(answers.get(1).admission().unavailable()).isTrue();
            assertThat(answers.get(1).admission().admitted()).isFalse();
            // The call after it still sees the first call's admission: 1 per minute is used up.
            assertThat(answers.get(2).admission().reason()).isEqualTo(Admission.Reason.EXHAUSTED);
            assertThat(answers.get(2).admission().retryAtMillis()).isEqualTo(61_000L);
            assertThat(answers.get(3).admission().unavailable()).isTrue();
            assertThat(admin.zcard(limiter.windowKey(one.key()))).isEqualTo(1L);
            assertThat(admin.get(limiter.totalKey(one.key()))).isEqualTo("1000000");
        }
    }

    private static long scriptRuns(Jedis admin) {
        return admin.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_evalsha:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"))).orElse(0L);
    }
}
