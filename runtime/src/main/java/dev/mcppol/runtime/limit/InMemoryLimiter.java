package dev.mcppol.runtime.limit;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Limiter state in this process: per key, the admitted calls of the current window (time and
 * amount). Calls are assumed to arrive in non-decreasing time, as a clock or a replay gives them.
 */
public final class InMemoryLimiter implements Limiter {

    private static final int SWEEP_EVERY = 4096;

    private record Entry(long time, BigDecimal amount) {
    }

    private static final class Window {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        BigDecimal total = BigDecimal.ZERO;
        long windowMillis;

        void prune(long now) {
            while (!entries.isEmpty() && entries.peekFirst().time() <= now - windowMillis) {
                total = total.subtract(entries.pollFirst().amount());
            }
        }
    }

    private final Map<String, Window> windows = new HashMap<>();
    private int untilSweep = SWEEP_EVERY;

    @Override
    public synchronized Admission acquire(List<LimitRequest> requests, long now) {
        sweepNow(now);
        for (int i = 0; i < requests.size(); i++) {
            LimitRequest r = requests.get(i);
            Window w = windows.get(r.key());
            BigDecimal used = BigDecimal.ZERO;
            if (w != null) {
                w.windowMillis = r.spec().windowMillis();
                w.prune(now);
                used = w.total;
            }
            BigDecimal max = r.spec().max();
            // Several requests of one call on the same key add up.
            for (int j = 0; j < i; j++) {
                if (requests.get(j).key().equals(r.key())) {
                    used = used.add(requests.get(j).amount());
                }
            }
            if (used.add(r.amount()).compareTo(max) > 0) {
                return Admission.refused(i, retryAt(w, r, now));
            }
        }
        for (LimitRequest r : requests) {
            Window w = windows.computeIfAbsent(r.key(), k -> new Window());
            w.windowMillis = r.spec().windowMillis();
            w.entries.addLast(new Entry(now, r.amount()));
            w.total = w.total.add(r.amount());
        }
        return Admission.ADMITTED;
    }

    /** The earliest time at which enough of the window has slid out for this request to fit. */
    private static long retryAt(Window w, LimitRequest r, long now) {
        long window = r.spec().windowMillis();
        if (w == null || w.entries.isEmpty()) {
            return now + window;
        }
        BigDecimal remaining = w.total;
        BigDecimal max = r.spec().max();
        for (Entry e : w.entries) {
            remaining = remaining.subtract(e.amount());
            if (remaining.add(r.amount()).compareTo(max) <= 0) {
                return e.time() + window;
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
