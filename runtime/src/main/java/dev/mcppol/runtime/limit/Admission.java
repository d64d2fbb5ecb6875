package dev.mcppol.runtime.limit;

/**
 * The answer of a limiter: admitted (every limit consumed), or refused by the request at
 * {@code blocked} (nothing consumed), which may be retried at {@code retryAtMillis}.
 */
public record Admission(boolean admitted, int blocked, long retryAtMillis) {
    public static final Admission ADMITTED = new Admission(true, -1, 0);

    public static Admission refused(int blocked, long retryAtMillis) {
        return new Admission(false, blocked, retryAtMillis);
    }
}
