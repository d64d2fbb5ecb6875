package dev.mcppol.runtime.limit;

import java.util.List;

/**
 * Rate-limit state. A call is admitted iff every request fits its exact sliding window
 * {@code (now - window, now]} over admitted calls; then all are consumed at once, else none is.
 * Amounts and maxima are compared in integer units (see {@link LimitRequest#units}).
 */
public interface Limiter {

    Admission acquire(List<LimitRequest> requests, long nowMillis);

    /**
     * The refusal every limiter gives, before looking at any state, when a request's amount, max or
     * window has no exact integer form: the first such request is blocked, with a retry after one window (it
     * will never fit, so callers should treat it as a bad input rather than wait). Null when all
     * convert. Shared so that every implementation refuses exactly the same calls.
     */
    static Admission firstInvalid(List<LimitRequest> requests, long nowMillis) {
        for (int i = 0; i < requests.size(); i++) {
            LimitRequest r = requests.get(i);
            if (r.amountUnits() == LimitRequest.NOT_REPRESENTABLE || r.maxUnits() == LimitRequest.NOT_REPRESENTABLE
                    || r.spec().windowMillis() > LimitRequest.MAX_WINDOW_MILLIS) {
                return Admission.unrepresentable(i, nowMillis + Math.min(r.spec().windowMillis(),
                        LimitRequest.MAX_WINDOW_MILLIS));
            }
        }
        return null;
    }
}
