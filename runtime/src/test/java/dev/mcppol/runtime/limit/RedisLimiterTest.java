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

    /**
     * A window written by the version before the member layout "units/token:index:units" ("time:token:index:units")
     * is read alike: its entries slide out with their units and give the retry time; and the new
     * members still end with ":units", which that version reads, so replicas of both versions can
     * share a window during an upgrade.
     */
    @Test
    void windowsOfTheEarlierMemberLayoutAreReadAndNewMembersStillEndWithTheirUnits() throws Exception {
        try (RedisLimiter limiter = new RedisLimiter(RedisLimiterOptions.of(server.url(), "compat:").withCallerTime())) {
            String window = "compat:win:spend|session=s";
            String total = "compat:sum:spend|session=s";
            assertThat(server.command("ZADD " + window + " 0 0:old-1:0:4000000 1 1:old-2:0:4000000")).isEqualTo(":2");
            assertThat(server.command("SET " + total + " 8000000")).isEqualTo("+OK");
            LimitRequest four = Limits.budget("spend", "s", "10", 1000, "4");
            InMemoryLimiter memory = new InMemoryLimiter();
            memory.acquire(List.of(four), 0);
            memory.acquire(List.of(four), 1);
            for (long t : new long[] {2, 1000, 1001, 1002, 2000}) {
                assertThat(limiter.acquire(List.of(four), t)).as("at %d", t).isEqualTo(memory.acquire(List.of(four), t));
            }
            assertThat(server.command("ZCARD " + window)).isEqualTo(":2");
            String sameUnits = "EVAL \"local n = 0 for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do "
                    + "if string.match(m, '^(%d+)/') == string.match(m, ':(%d+)$') then n = n + 1 end end return n\" 1 " + window;
            assertThat(server.command(sameUnits)).isEqualTo(":2");
        }
    }

    /**
     * An admission moves a window's expiry forward (PEXPIRE ... GT), never back: a window that
     * expires later keeps its expiry, one with none gets the window's, as PTTL decided before GT.
     */
    @Test
    void anAdmissionNeverShortensAWindowsExpiryAndArmsAMissingOne() throws Exception {
        try (RedisLimiter limiter = new RedisLimiter(server.url(), "ttl:")) {
            LimitRequest call = Limits.count("exec", "s", 100, 60_000);
            String window = "ttl:win:exec|session=s";
            String total = "ttl:sum:exec|session=s";
            assertThat(limiter.acquire(List.of(call), 0)).isEqualTo(Admission.ADMITTED);
            assertThat(server.command("PEXPIRE " + window + " 600000")).isEqualTo(":1");
            assertThat(server.command("PEXPIRE " + total + " 600000")).isEqualTo(":1");
            assertThat(limiter.acquire(List.of(call), 0)).isEqualTo(Admission.ADMITTED);
            for (String key : List.of(window, total)) {
                assertThat(Long.parseLong(server.command("PTTL " + key).substring(1))).as(key).isGreaterThan(60_000L);
            }
            assertThat(server.command("PERSIST " + window)).isEqualTo(":1");
            assertThat(limiter.acquire(List.of(call), 0)).isEqualTo(Admission.ADMITTED);
            for (String key : List.of(window, total)) {
                assertThat(Long.parseLong(server.command("PTTL " + key).substring(1))).as(key).isBetween(1L, 60_000L);
            }
            assertThat(server.command("GET " + total)).isEqualTo("$7");
            assertThat(server.command("ZCARD " + window)).isEqualTo(":3");
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
