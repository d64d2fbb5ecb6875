package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.limit.Limiter;
import java.util.List;

/** Counts the failures of the limiter (e.g. Redis unreachable) for {@code /metrics}, then rethrows: the call is denied. */
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
            return delegate.acquire(requests, nowMillis);
        } catch (RuntimeException e) {
            metrics.limiterError();
            throw e;
        }
    }
}
