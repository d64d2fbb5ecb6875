package dev.mcppol.runtime.limit;

import dev.mcppol.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The limiter contract against a real redis-server, each test under its own key prefix. */
class RedisLimiterContractTest extends LimiterContract {

    private static RedisServer server;
    private final List<RedisLimiter> opened = new ArrayList<>();

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

    @Override
    protected Limiter newLimiter() {
        RedisLimiter limiter = new RedisLimiter(RedisLimiterOptions.of(server.url(), "test:{" + UUID.randomUUID() + "}:")
                .withCallerTime());
        opened.add(limiter);
        return limiter;
    }

    @AfterEach
    void closeLimiters() {
        opened.forEach(RedisLimiter::close);
    }
}
