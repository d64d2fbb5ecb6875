package dev.mcppol.runtime.limit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Limiter state in this process: per key, the admitted calls of the current window (time and
 * amount). Calls are assumed to arrive in non-decreasing time, as a clock or a replay gives them.
 *
 * <p>Counts in integer units ({@link LimitRequest#units}) with exactly the arithmetic of the Redis
 * script ({@code redis-limiter.lua}): same prune, every limit checked, same retry time, so the two
 * implementations answer bit for bit alike.
 */
public final class InMemoryLimiter implements Limiter {

    private static final int SWEEP_EVERY = 4096;

    private record Entry(long time, long units) {
    }

    private static final class Window {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long total;
        long windowMillis;

        void prune(long now) {
            while (!entries.isEmpty() && entries.peekFirst().time() <= now - windowMillis) {
                total -= entries.pollFirst().units();
            }
        }
    }

    private final Map<String, Window> windows = new HashMap<>();
    private int untilSweep = SWEEP_EVERY;

    @Override
    public synchronized Admission acquire(List<LimitRequest> requests, long now) {
        Admission invalid = Limiter.firstInvalid(requests, now);
        if (invalid != null) {
            return invalid;
        }
        sweepNow(now);
        long[] amounts = new long[requests.size()];
        // Every limit is checked, not just the first that refuses: the call fits again only when all
        // of them have room, so the retry time is the latest of theirs.
        List<Integer> refused = new ArrayList<>();
        int blocked = -1;
        long retryAt = Long.MIN_VALUE;
        for (int i = 0; i < requests.size(); i++) {
            LimitRequest r = requests.get(i);
            amounts[i] = r.amountUnits();
            Window w = windows.get(r.key());
            long used = 0;
            if (w != null) {
                w.windowMillis = r.spec().windowMillis();
                w.prune(now);
                used = w.total;
            }
            // Several requests of one call on the same key add up.
            for (int j = 0; j < i; j++) {
                if (requests.get(j).key().equals(r.key())) {
                    used += amounts[j];
                }
            }
            if (used + amounts[i] > r.maxUnits()) {
                refused.add(i);
                long at = retryAt(w, used, amounts[i], r, now);
                if (at > retryAt) {
                    retryAt = at;
                    blocked = i;
                }
            }
        }
        if (!refused.isEmpty()) {
            return Admission.refused(refused, blocked, retryAt);
        }
        for (int i = 0; i < requests.size(); i++) {
            LimitRequest r = requests.get(i);
            Window w = windows.computeIfAbsent(r.key(), k -> new Window());
            w.windowMillis = r.spec().windowMillis();
            w.entries.addLast(new Entry(now, amounts[i]));
            w.total += amounts[i];
        }
        return Admission.ADMITTED;
    }

    /**
     * The earliest time at which enough of the window has slid out for this request to fit: drop
     * admitted entries oldest first from {@code used} (which includes earlier requests of the same
     * call on this key, as the reference interpreter does) until the amount fits.
     */
    private static long retryAt(Window w, long used, long amount, LimitRequest r, long now) {
        long window = r.spec().windowMillis();
        if (w != null) {
            long remaining = used;
            long max = r.maxUnits();
            for (Entry e : w.entries) {
                remaining -= e.units();
                if (remaining + amount <= max) {
                    return e.time() + window;
                }
            }
        }
        return now + window;
    }

    /** Drops windows nobody used for a while, so idle sessions do not hold memory forever. */
    private void sweepNow(long now) {
        if (--untilSweep > 0) {
            return;
        }
        untilSweep = SWEEP_EVERY;
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            w.prune(now);
            if (w.entries.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Number of keys holding state (for tests and metrics). */
    public synchronized int size() {
        return windows.size();
    }
}
