package dev.mcppol.lsp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the latest task per key once the key has been quiet for a while: a burst of keystrokes is
 * checked once, after the last one. Tasks run one at a time on one thread, in the order they fell due.
 */
final class Debouncer implements AutoCloseable {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcppol-lsp-check");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final long delayMillis;

    Debouncer(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    void submit(String key, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(() -> {
            pending.remove(key);
            task.run();
        }, delayMillis, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = pending.put(key, f);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** Runs {@code task} every {@code periodMillis} on the same thread as the checks. */
    void every(long periodMillis, Runnable task) {
        executor.scheduleWithFixedDelay(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
