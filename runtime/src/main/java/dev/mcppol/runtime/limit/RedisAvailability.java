package dev.mcppol.runtime.limit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether Redis answered last time, and the answer a limiter gives while it does not. Logs the
 * loss and the recovery once each (not once per call: a proxy under load would flood its log).
 */
final class RedisAvailability {

    private static final System.Logger LOG = System.getLogger(RedisLimiter.class.getName());

    private final String where;
    private final RedisLimiterOptions.FailMode failMode;
    private final AtomicBoolean up = new AtomicBoolean(true);

    RedisAvailability(String where, RedisLimiterOptions.FailMode failMode) {
        this.where = where;
        this.failMode = failMode;
    }

    /** Records a failed round trip and returns the fail mode's answer. */
    Admission lost(Exception cause, long retryAtMillis) {
        if (up.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.WARNING, "rate-limit store " + where + " unreachable (" + cause.getMessage()
                    + "); until it is back every rate-limited call is "
                    + (failMode == RedisLimiterOptions.FailMode.CLOSED ? "refused (fail closed)" : "admitted unchecked (fail open)"));
        }
        return failMode == RedisLimiterOptions.FailMode.CLOSED ? Admission.unavailable(retryAtMillis)
                : Admission.ADMITTED_UNCHECKED;
    }

    /** Records a successful round trip. */
    void ok() {
        if (up.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "rate-limit store " + where + " reachable again; limits enforced");
        }
    }

    boolean up() {
        return up.get();
    }
}
