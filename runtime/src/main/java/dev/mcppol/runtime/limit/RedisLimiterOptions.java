package dev.mcppol.runtime.limit;

import java.util.Objects;

/**
 * How a {@link RedisLimiter} connects and behaves.
 *
 * @param url             where the state lives ({@link RedisUrl})
 * @param prefix          prepended to every counter key, e.g. {@code mcppol:{jupyter}:} (see
 *                        {@link RedisLimiter#policyPrefix}); keeps policies sharing one Redis apart
 * @param failMode        what acquire answers while Redis is unreachable
 * @param serverTime      true (production): "now" is the Redis server's {@code TIME}, one clock for
 *                        every replica, and the caller's time is ignored; false (tests, replays):
 *                        the caller's virtual time is used
 * @param timeoutMillis   connect and read timeout: bounds how long a call waits on a sick Redis
 * @param poolSize        connections kept; acquires share round trips and use one at a time
 *                        ({@link ScriptBatches})
 * @param idleTtlMillis   with caller time, idle keys live at least this long in real time (the
 *                        window is virtual and says nothing about real time); ignored with server time
 */
public record RedisLimiterOptions(RedisUrl url, String prefix, FailMode failMode, boolean serverTime,
                                  int timeoutMillis, int poolSize, long idleTtlMillis) {

    /** The answer while Redis is unreachable. */
    public enum FailMode {
        /** Refuse every limited call (the default: a limit is never silently lifted). */
        CLOSED,
        /** Admit every limited call unchecked (availability over enforcement). */
        OPEN
    }

    public RedisLimiterOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(failMode, "failMode");
        if (timeoutMillis <= 0 || poolSize <= 0 || idleTtlMillis < 0) {
            throw new IllegalArgumentException("timeout and pool size must be positive, idle TTL not negative");
        }
    }

    /** Production defaults: fail closed, server time, 1 s timeout, 16 connections. */
    public static RedisLimiterOptions of(String url, String prefix) {
        return new RedisLimiterOptions(RedisUrl.parse(url), prefix, FailMode.CLOSED, true, 1000, 16, 600_000);
    }

    public RedisLimiterOptions withFailMode(FailMode mode) {
        return new RedisLimiterOptions(url, prefix, mode, serverTime, timeoutMillis, poolSize, idleTtlMillis);
    }

    /** Use the time passed to acquire instead of Redis TIME (virtual clocks in tests and replays). */
    public RedisLimiterOptions withCallerTime() {
        return new RedisLimiterOptions(url, prefix, failMode, false, timeoutMillis, poolSize, idleTtlMillis);
    }

    public RedisLimiterOptions withTimeoutMillis(int millis) {
        return new RedisLimiterOptions(url, prefix, failMode, serverTime, millis, poolSize, idleTtlMillis);
    }

    public RedisLimiterOptions withPoolSize(int size) {
        return new RedisLimiterOptions(url, prefix, failMode, serverTime, timeoutMillis, size, idleTtlMillis);
    }
}
