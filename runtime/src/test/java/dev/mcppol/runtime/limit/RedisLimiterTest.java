package dev.mcppol.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.testing.RedisServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What is specific to Redis: key layout, expiry of idle keys, server time, prefix isolation. */
class RedisLimiterTest {

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

    @Test
    void keysAreThePrefixPlusTheEnginesKeyAndExpireWithTheirWindow() throws Exception {
        String prefix = RedisLimiter.policyPrefix("layout");
        assertThat(prefix).isEqualTo("mcppol:{layout}:");
        try (RedisLimiter limiter = new RedisLimiter(server.url(), prefix)) {
            assertThat(limiter.acquire(List.of(Limits.count("exec", "s1", 5, 60_000)), 0)).isEqualTo(Admission.ADMITTED);
            String window = "mcppol:{layout}:win:exec|session=s1";
            String total = "mcppol:{layout}:sum:exec|session=s1";
            assertThat(server.command("TYPE " + window)).isEqualTo("+zset");
            assertThat(server.command("GET " + total)).isEqualTo("$7"); // "1000000": one call in micro-units
            for (String key : List.of(window, total)) {
                long ttl = Long.parseLong(server.command("PTTL " + key).substring(1));
                assertThat(ttl).isBetween(1L, 60_000L);
            }
        }
    }

    @Test
    void anIdleKeyDisappearsOnceItsWindowHasPassed() throws Exception {
        try (RedisLimiter limiter = new RedisLimiter(server.url(), "idle:")) {
            limiter.acquire(List.of(Limits.count("exec", "s", 5, 100)), 0);
            String both = "EXISTS idle:win:exec|session=s idle:sum:exec|session=s";
            assertThat(server.command(both)).isEqualTo(":2");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!server.command(both).equals(":0") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.command(both)).isEqualTo(":0");
        }
    }

    @Test
    void aLostRunningTotalIsRebuiltFromTheWindow() throws Exception {
        try (RedisLimiter limiter = new RedisLimiter(RedisLimiterOptions.of(server.url(), "heal:").withCallerTime())) {
            LimitRequest budget = Limits.budget("spend", "s", "10", 1000, "4");
            assertThat(limiter.acquire(List.of(budget), 0)).isEqualTo(Admission.ADMITTED);
            assertThat(limiter.acquire(List.of(budget), 1)).isEqualTo(Admission.ADMITTED);
            // As if maxmemory eviction took the total but not the window.
            assertThat(server.command("DEL heal:sum:spend|session=s")).isEqualTo(":1");
            assertThat(limiter.acquire(List.of(budget), 2)).isEqualTo(Admission.refused(0, 1000));
            assertThat(server.command("GET heal:sum:spend|session=s")).isEqualTo("$7");
            // And the other way round: no window means nothing is in it, whatever the total says.
            assertThat(server.command("DEL heal:win:spend|session=s")).isEqualTo(":1");
            assertThat(limiter.acquire(List.of(budget), 3)).isEqualTo(Admission.ADMITTED);
        }
    }

    @Test
    void serverTimeIgnoresTheCallersClock() {
        try (RedisLimiter limiter = new RedisLimiter(server.url(), "clock:")) {
            long before = System.currentTimeMillis();
            RedisAdmission first = limiter.acquireTimed(List.of(Limits.count("exec", "s", 1, 60_000)), 0);
            // A caller far in the future cannot slide the window: Redis's clock decides.
            RedisAdmission second = limiter.acquireTimed(List.of(Limits.count("exec", "s", 1, 60_000)), Long.MAX_VALUE);
            assertThat(first.admission()).isEqualTo(Admission.ADMITTED);
            assertThat(first.atMillis()).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
            assertThat(second.admission()).isEqualTo(Admission.refused(0, first.atMillis() + 60_000));
        }
    }

    @Test
    void limitersWithDifferentPrefixesDoNotShareState() {
        RedisLimiterOptions a = RedisLimiterOptions.of(server.url(), RedisLimiter.policyPrefix("a")).withCallerTime();
        RedisLimiterOptions b = RedisLimiterOptions.of(server.url(), RedisLimiter.policyPrefix("b")).withCallerTime();
        try (RedisLimiter first = new RedisLimiter(a); RedisLimiter second = new RedisLimiter(b);
             RedisLimiter firstAgain = new RedisLimiter(a)) {
            assertThat(first.acquire(List.of(Limits.count("exec", "s", 1, 1000)), 0)).isEqualTo(Admission.ADMITTED);
            assertThat(second.acquire(List.of(Limits.count("exec", "s", 1, 1000)), 0)).isEqualTo(Admission.ADMITTED);
            // Same prefix, other instance (another replica): shared state.
            assertThat(firstAgain.acquire(List.of(Limits.count("exec", "s", 1, 1000)), 1))
                    .isEqualTo(Admission.refused(0, 1000));
        }
    }

    @Test
    void aDatabaseInTheUrlIsUsed() throws Exception {
        try (RedisLimiter limiter = new RedisLimiter(server.url() + "/3", "db:")) {
            limiter.acquire(List.of(Limits.count("exec", "s", 1, 60_000)), 0);
        }
        assertThat(server.command("EXISTS db:win:exec|session=s")).isEqualTo(":0");
        assertThat(server.command("SELECT 3", "EXISTS db:win:exec|session=s")).isEqualTo(":1");
    }
}
