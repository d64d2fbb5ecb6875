package dev.mcppol.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis stopped mid-run: fail closed or open, log loss and recovery once, resume after a restart. */
class RedisLimiterFailureTest {

    private static RedisServer server;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger jul = Logger.getLogger(RedisLimiter.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

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

    @BeforeEach
    void captureLog() {
        jul.addHandler(capture);
        if (!server.running()) {
            server.restart();
        }
    }

    @AfterEach
    void releaseLog() {
        jul.removeHandler(capture);
    }

    private static final LimitRequest ONE_PER_HOUR = Limits.count("exec", "s", 1, 3_600_000);
    private static final LimitRequest TEN_PER_HOUR = Limits.count("many", "s", 10, 3_600_000);

    private RedisLimiter limiter(RedisLimiterOptions.FailMode mode) {
        return new RedisLimiter(RedisLimiterOptions.of(server.url(), "fail:{" + mode + "}:").withFailMode(mode)
                .withCallerTime().withTimeoutMillis(500));
    }

    private List<Level> levels() {
        synchronized (logged) {
            return logged.stream().map(LogRecord::getLevel).toList();
        }
    }

    @Test
    void failsClosedWhileRedisIsDownAndResumesAfterARestartOnTheSamePort() {
        try (RedisLimiter limiter = limiter(RedisLimiterOptions.FailMode.CLOSED)) {
            assertThat(limiter.acquire(List.of(ONE_PER_HOUR), 0)).isEqualTo(Admission.ADMITTED);
            assertThat(limiter.acquire(List.of(ONE_PER_HOUR), 1).reason()).isEqualTo(Admission.Reason.EXHAUSTED);

            server.stop();
            for (int i = 0; i < 3; i++) {
                Admission a = limiter.acquire(List.of(TEN_PER_HOUR), 2);
                assertThat(a.admitted()).isFalse();
                assertThat(a.reason()).isEqualTo(Admission.Reason.UNAVAILABLE);
                assertThat(a.unavailable()).isTrue();
                assertThat(a.retryAtMillis()).isEqualTo(2 + RedisLimiter.UNAVAILABLE_RETRY_MILLIS);
            }
            assertThat(limiter.available()).isFalse();

            // A fresh, empty server on the same port: the same limiter object serves again, and the
            // pool's dead connections cost no refusal.
            server.restart();
            assertThat(limiter.acquire(List.of(ONE_PER_HOUR), 3)).isEqualTo(Admission.ADMITTED);
            assertThat(limiter.acquire(List.of(ONE_PER_HOUR), 4)).isEqualTo(Admission.refused(0, 3_600_003));
            assertThat(limiter.available()).isTrue();
        }
        // One line for the loss, one for the recovery, however many calls failed in between.
        assertThat(levels()).containsExactly(Level.WARNING, Level.INFO);
        assertThat(logged.get(0).getMessage()).contains("unreachable", "refused (fail closed)", "127.0.0.1");
        assertThat(logged.get(1).getMessage()).contains("reachable again");
    }

    @Test
    void failsOpenWhenConfiguredSo() {
        try (RedisLimiter limiter = limiter(RedisLimiterOptions.FailMode.OPEN)) {
            assertThat(limiter.acquire(List.of(ONE_PER_HOUR), 0)).isEqualTo(Admission.ADMITTED);
            server.stop();
            for (int i = 0; i < 3; i++) {
                // Over the limit, yet admitted: nobody can check it.
                Admission a = limiter.acquire(List.of(ONE_PER_HOUR), 1 + i);
                assertThat(a).isEqualTo(Admission.ADMITTED_UNCHECKED);
                assertThat(a.admitted()).isTrue();
                assertThat(a.unavailable()).isTrue();
            }
            server.restart();
            assertThat(limiter.acquire(List.of(ONE_PER_HOUR), 10)).isEqualTo(Admission.ADMITTED);
            assertThat(limiter.acquire(List.of(ONE_PER_HOUR), 11).reason()).isEqualTo(Admission.Reason.EXHAUSTED);
        }
        assertThat(levels()).containsExactly(Level.WARNING, Level.INFO);
        assertThat(logged.get(0).getMessage()).contains("admitted unchecked (fail open)");
    }

    @Test
    void aServerThatLostItsScriptCacheIsServedWithoutAnyRefusal() throws Exception {
        try (RedisLimiter limiter = limiter(RedisLimiterOptions.FailMode.CLOSED)) {
            assertThat(limiter.acquire(List.of(TEN_PER_HOUR), 0)).isEqualTo(Admission.ADMITTED);
            assertThat(server.command("SCRIPT FLUSH")).isEqualTo("+OK");
            assertThat(limiter.acquire(List.of(TEN_PER_HOUR), 1)).isEqualTo(Admission.ADMITTED);
        }
        assertThat(levels()).isEmpty();
    }
}
