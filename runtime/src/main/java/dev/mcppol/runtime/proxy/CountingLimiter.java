package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.limit.Limiter;
import java.util.List;

/**
 * Counts the failures of the limiter for {@code /metrics}: an exception (rethrown: the call is
 * denied) and an answer given without consulting the store (Redis unreachable: refused when failing
 * closed, admitted unchecked when failing open — both mean limits were not enforced).
 */
final class CountingLimiter implements Limiter {
    private final Limiter delegate;
    private final ProxyMetrics metrics;

    CountingLimiter(Limiter delegate, ProxyMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public Admission acquire(List<LimitRequest> requests, long nowMillis) {
        try {
            Admission a = delegate.acquire(requests, nowMillis);
            if (a.unavailable()) {
                metrics.limiterError();
            }
            return a;
        } catch (RuntimeException e) {
            metrics.limiterError();
            throw e;
        }
    }
}
