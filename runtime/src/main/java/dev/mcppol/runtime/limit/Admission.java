package dev.mcppol.runtime.limit;

import java.util.List;

/**
 * The answer of a limiter: admitted (every limit consumed), or refused by the request at
 * {@code blocked} (nothing consumed), which may be retried at {@code retryAtMillis}.
 *
 * <p>{@code reason} tells refusals apart, because they call for different answers: an exhausted
 * limit is a normal "retry later"; an amount the limiter cannot represent exactly is a bad input;
 * an unavailable shared store is an operational fault (a fail-closed refusal, not a policy verdict).
 */
public record Admission(boolean admitted, int blocked, long retryAtMillis, Reason reason, List<Integer> refused) {

    /** Why a call was admitted or refused. */
    public enum Reason {
        /** Every limit had room; all were consumed. */
        ADMITTED,
        /** The limit at {@code blocked} is exhausted until {@code retryAtMillis}. */
        EXHAUSTED,
        /** The amount, max or window at {@code blocked} has no exact integer form (see LimitRequest#units); it never fits. */
        UNREPRESENTABLE,
        /** The shared store could not be reached (fail mode closed): nothing was checked or consumed. */
        UNAVAILABLE,
        /** The shared store could not be reached and the limiter fails open: admitted unchecked. */
        ADMITTED_UNCHECKED
    }

    public static final Admission ADMITTED = new Admission(true, -1, 0, Reason.ADMITTED);

    public Admission {
        refused = List.copyOf(refused);
        if (admitted != (reason == Reason.ADMITTED || reason == Reason.ADMITTED_UNCHECKED)) {
            throw new IllegalArgumentException("admitted=" + admitted + " contradicts reason " + reason);
        }
    }

    /** A refusal by the request at {@code blocked} alone (or an admission). */
    public Admission(boolean admitted, int blocked, long retryAtMillis, Reason reason) {
        this(admitted, blocked, retryAtMillis, reason, admitted || blocked < 0 ? List.of() : List.of(blocked));
    }

    /** An exhausted limit (kept with its original shape so existing callers need no change). */
    public Admission(boolean admitted, int blocked, long retryAtMillis) {
        this(admitted, blocked, retryAtMillis, admitted ? Reason.ADMITTED : Reason.EXHAUSTED);
    }

    public static Admission refused(int blocked, long retryAtMillis) {
        return new Admission(false, blocked, retryAtMillis, Reason.EXHAUSTED);
    }

    /**
     * Several exhausted limits: the call fits again only when every one of them has room, so it is
     * retried at the latest of their times; {@code blocked} is the limit that holds it longest.
     */
    public static Admission refused(List<Integer> refused, int blocked, long retryAtMillis) {
        return new Admission(false, blocked, retryAtMillis, Reason.EXHAUSTED, refused);
    }

    /** The requests that refused the call (exhausted, or the one that could not be counted). */
    public List<Integer> refusedRequests() {
        return refused.isEmpty() && blocked >= 0 ? List.of(blocked) : refused;
    }

    public static Admission unrepresentable(int blocked, long retryAtMillis) {
        return new Admission(false, blocked, retryAtMillis, Reason.UNREPRESENTABLE);
    }

    /** Fail closed: the whole call is refused (blocked names the first request) with a retry after {@code retryAtMillis}. */
    public static Admission unavailable(long retryAtMillis) {
        return new Admission(false, 0, retryAtMillis, Reason.UNAVAILABLE);
    }

    public static final Admission ADMITTED_UNCHECKED = new Admission(true, -1, 0, Reason.ADMITTED_UNCHECKED);

    /** True when the store could not be consulted (either fail mode). */
    public boolean unavailable() {
        return reason == Reason.UNAVAILABLE || reason == Reason.ADMITTED_UNCHECKED;
    }
}
