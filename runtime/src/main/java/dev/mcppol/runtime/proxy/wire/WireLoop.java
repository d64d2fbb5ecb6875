package dev.mcppol.runtime.proxy.wire;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One event loop: a thread that owns a selector, the connections registered with it, its timers and a
 * queue of tasks. Everything of one exchange (the agent's connection and the upstream connection it
 * uses) runs on the loop that accepted it, so a call crosses no thread between reading the agent's
 * request and writing the server's answer back: the hand-offs between selector and worker threads on
 * both sides of a general-purpose server and client are what the proxy's latency was made of.
 *
 * <p>Nothing may block on a loop; work that can (a limiter on Redis, a key fetch) is run elsewhere
 * and comes back with {@link #execute}.
 */
public final class WireLoop implements AutoCloseable {
    /** Reacts to readiness of a channel registered with the loop. */
    interface Ready {
        void ready(SelectionKey key) throws IOException;

        /** The loop caught an exception from {@link #ready}: the owner cleans up. */
        void failed(Throwable x);
    }

    /** A timer: runs once on the loop unless cancelled first (cancel from any thread). */
    public static final class Timer implements Comparable<Timer> {
        private final long deadline;
        private final Runnable task;
        private volatile boolean cancelled;

        private Timer(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            return Long.compare(deadline, o.deadline);
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Touched only by the loop's thread. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Sockets written to while handling the current event: flushed together once it is handled. */
    private final java.util.ArrayList<WireSocket> unflushed = new java.util.ArrayList<>();
    private final Consumer<String> warn;
    private volatile boolean running = true;
    /** Timers added since cancelled ones were last swept out (most timers are cancelled long before they are due). */
    private int addedSinceSweep;

    WireLoop(String name, Consumer<String> warn) throws IOException {
        this.selector = Selector.open();
        this.warn = warn;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop, after what the loop is doing now. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} now if called on the loop, else queues it. */
    void run(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /** Runs {@code task} on the loop after {@code delay}; from any thread. */
    public Timer schedule(Runnable task, long delay, TimeUnit unit) {
        Timer t = new Timer(System.nanoTime() + unit.toNanos(delay), task);
        run(() -> add(t));
        return t;
    }

    private void add(Timer t) {
        timers.add(t);
        if (++addedSinceSweep >= 1024) {
            addedSinceSweep = 0;
            timers.removeIf(x -> x.cancelled);
        }
    }

    /** Registers {@code channel} (non-blocking) with this loop; on the loop only. */
    SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
        return channel.register(selector, ops, ready);
    }

    private void run() {
        while (running) {
            try {
                long wait = nextTimerMillis();
                if (!tasks.isEmpty()) {
                    selector.selectNow();
                } else if (wait == 0) {
                    selector.select();
                } else {
                    selector.select(wait);
                }
                wakeupPending.set(false);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Ready r = (Ready) key.attachment();
                    try {
                        if (key.isValid()) {
                            r.ready(key);
                        }
                    } catch (Throwable x) {
                        r.failed(x);
                    }
                    flushAll();
                }
                runTasks();
                runTimers();
                flushAll();
            } catch (ClosedSelectorException e) {
                return;
            } catch (Throwable x) {
                // A bug in a task must not stop every connection of the loop.
                warn.accept("event loop " + thread.getName() + ": " + x);
            }
        }
    }

    /**
     * Flushes {@code socket} once the event being handled is done: what one event writes to a socket
     * (an answer's last event and the end of its stream) leaves in one write, one TCP segment.
     */
    void flushLater(WireSocket socket) {
        unflushed.add(socket);
    }

    private void flushAll() {
        for (int i = 0; i < unflushed.size(); i++) { // a flush's callbacks may add sockets
            unflushed.get(i).flushNow();
        }
        unflushed.clear();
    }

    private void runTasks() {
        // Only what is queued now: a task that queues another runs it in the next round, after I/O.
        for (int n = tasks.size(); n > 0; n--) {
            Runnable t = tasks.poll();
            if (t == null) {
                return;
            }
            try {
                t.run();
            } catch (Throwable x) {
                warn.accept("event loop " + thread.getName() + ": " + x);
            }
            flushAll();
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && (timers.peek().cancelled || timers.peek().deadline - now <= 0)) {
            Timer t = timers.poll();
            if (t.cancelled) {
                continue;
            }
            try {
                t.task.run();
            } catch (Throwable x) {
                warn.accept("event loop " + thread.getName() + ": " + x);
            }
        }
    }

    /** Milliseconds until the next timer (at least 1), or 0 for none. */
    private long nextTimerMillis() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        if (timers.isEmpty()) {
            return 0;
        }
        long nanos = timers.peek().deadline - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1);
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            try {
                k.channel().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
