package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.limit.Limiter;
import dev.mcppol.runtime.limit.RedisAdmission;
import dev.mcppol.runtime.limit.RedisLimiter;
import java.util.List;

/**
 * A {@link RedisLimiter} on server time, seen on the proxy's clock. Redis decides with its own
 * {@code TIME} (one clock for every replica), so its retry time is on the Redis clock, while the
 * engine computes "retry in N ms" against the time it passed in. Mixing the two would be off by the
 * clock skew between the proxy and Redis, so the wait Redis computed (retry time minus the time it
 * decided at) is moved onto the caller's clock: the engine then reports exactly Redis's wait.
 */
final class CallerClockLimiter implements Limiter {
    private final RedisLimiter redis;

    CallerClockLimiter(RedisLimiter redis) {
        this.redis = redis;
    }

    @Override
    public Admission acquire(List<LimitRequest> requests, long nowMillis) {
        RedisAdmission timed = redis.acquireTimed(requests, nowMillis);
        Admission a = timed.admission();
        if (a.admitted()) {
            return a;
        }
        long wait = a.retryAtMillis() - timed.atMillis();
        return new Admission(false, a.blocked(), nowMillis + wait, a.reason(), a.refused());
    }
}
