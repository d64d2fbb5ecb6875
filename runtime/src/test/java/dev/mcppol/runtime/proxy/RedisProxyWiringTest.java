package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.RedisLimiter;
import dev.mcppol.runtime.limit.RedisLimiterOptions;
import dev.mcppol.runtime.model.Outcome;
import dev.mcppol.runtime.testing.RedisServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The proxy's use of the Redis limiter, in process: retry times on one clock, the limiter-error
 * metric, and a proxy started while Redis is down.
 */
class RedisProxyWiringTest {
    private static final long WINDOW_MILLIS = 3_600_000;
    private static final Pattern RETRY = Pattern.compile("retry in (\\d+) ms");

    private static RedisServer redis;
    private RawStdioClient client;

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
    void stopProxy() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    private static Bundle shared() throws Exception {
        return BundleSource.file(TestServers.bundle("everything-shared")).load();
    }

    private static long retryIn(Decision d) {
        Matcher m = RETRY.matcher(d.reason());
        assertThat(m.find()).as(d.reason()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Call echoAt(long now) {
        JsonNode args = Json.MAPPER.readTree("{\"message\":\"hi\"}");
        return new Call("echo", args, "s1", null, now, null);
    }

    @Test
    void retryTimeIsComputedOnOneClockWhateverTheProxysClockSays() throws Exception {
        Bundle bundle = shared();
        // A proxy clock far from Redis's (think skew; here an extreme one): Redis decides on its own TIME.
        long proxyNow = 1_000_000;
        try (RedisLimiter limiter = new RedisLimiter(RedisLimiterOptions.of(redis.url(),
                RedisLimiter.policyPrefix(bundle.policyName())))) {
            Engine engine = new Engine(bundle, new CallerClockLimiter(limiter));
            long started = System.currentTimeMillis();
            for (int i = 0; i < 50; i++) {
                assertThat(engine.decide(echoAt(proxyNow)).outcome()).isEqualTo(Outcome.ALLOW);
            }
            Decision limited = engine.decide(echoAt(proxyNow));
            long elapsed = System.currentTimeMillis() - started;
            assertThat(limited.outcome()).isEqualTo(Outcome.LIMIT);
            long wait = retryIn(limited);
            assertThat(wait).isBetween(WINDOW_MILLIS - elapsed - 1000, WINDOW_MILLIS);
            assertThat(limited.retryAtMillis() - proxyNow).as("retry time on the proxy's clock").isEqualTo(wait);

            // Without the translation the engine subtracts the proxy's time from a Redis time: nonsense.
            Decision raw = new Engine(bundle, limiter).decide(echoAt(proxyNow));
            assertThat(raw.outcome()).isEqualTo(Outcome.LIMIT);
            assertThat(retryIn(raw)).isGreaterThan(WINDOW_MILLIS);
        }
    }

    private RawStdioClient proxy(RedisLimiterOptions.FailMode mode) throws Exception {
        client = new RawStdioClient(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything-shared")))
                .redis(redis.url()).redisFailMode(mode).command(TestServers.everythingStdio()));
        client.initialize();
        return client;
    }

    private static String outcome(JsonNode reply) {
        JsonNode d = reply.path("result").path("_meta").path("mcppol/decision");
        return d.isMissingNode() ? "allow" : d.path("outcome").asString();
    }

    private static String limiterErrors(RawStdioClient c) {
        return c.runner.metrics().render().lines().filter(l -> l.startsWith("mcppol_limiter_errors_total "))
                .findFirst().orElseThrow();
    }

    @Test
    void callsDecidedWithoutTheStoreAreCountedAsLimiterErrorsInEitherFailMode() throws Exception {
        for (RedisLimiterOptions.FailMode mode : RedisLimiterOptions.FailMode.values()) {
            if (!redis.running()) {
                redis.restart();
            }
            proxy(mode);
            assertThat(outcome(client.call(1, "echo", "{\"message\":\"up\"}"))).isEqualTo("allow");
            assertThat(limiterErrors(client)).isEqualTo("mcppol_limiter_errors_total 0");
            redis.stop();
            String expected = mode == RedisLimiterOptions.FailMode.CLOSED ? "deny" : "allow";
            assertThat(outcome(client.call(2, "echo", "{\"message\":\"down\"}"))).as(mode.name()).isEqualTo(expected);
            assertThat(outcome(client.call(3, "echo", "{\"message\":\"down\"}"))).as(mode.name()).isEqualTo(expected);
            assertThat(outcome(client.call(4, "get-sum", "{\"a\":1,\"b\":2}"))).as("no limit, no store").isEqualTo("allow");
            assertThat(limiterErrors(client)).as(mode.name()).isEqualTo("mcppol_limiter_errors_total 2");
            client.close();
            client = null;
        }
    }

    @Test
    void aProxyStartedBeforeRedisSaysSoAndEnforcesOnceRedisIsUp() throws Exception {
        redis.stop();
        proxy(RedisLimiterOptions.FailMode.CLOSED);
        assertThat(client.stderr()).contains("rate limits shared through redis://127.0.0.1:" + redis.port() + "/0")
                .contains("(fail closed)").contains("unreachable");
        JsonNode denied = client.call(1, "echo", "{\"message\":\"early\"}");
        assertThat(outcome(denied)).isEqualTo("deny");
        assertThat(denied.path("result").path("content").get(0).path("text").asString())
                .contains("the rate-limit store is unavailable");

        redis.restart();
        assertThat(outcome(client.call(2, "echo", "{\"message\":\"late\"}"))).isEqualTo("allow");
        assertThat(client.stderr()).contains("reachable again");
        // Logged once at the start and not again for the refused call.
        assertThat(client.stderr().split("unreachable", -1)).hasSize(2);
    }
}
