package dev.mcppol.runtime.limit;

import java.util.List;

/**
 * Rate-limit state. A call is admitted iff every request fits its exact sliding window
 * {@code (now - window, now]} over admitted calls; then all are consumed at once, else none is.
 */
public interface Limiter {

    Admission acquire(List<LimitRequest> requests, long nowMillis);
}
