package dev.mcppol.runtime.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * Writes to the server's stdin. The agent's reader writes its message itself when nothing else is
 * being written ({@link #sendDirect}): no hand-off to another thread on the way to the server, which on
 * a busy machine costs more than everything else the proxy does for a call. Everything else — messages
 * that arrive while a write is in progress, and the proxy's own answers to server requests, which the
 * server's reader must never block on — waits in a queue that the writer thread empties in order.
 *
 * <p>A server that stops reading blocks the thread that writes to it. When that is the agent's reader
 * (a direct write that has not finished after {@link #STUCK_NANOS}), {@link #stuckDirectWriter} says
 * so, and the proxy hands reading the agent to a new thread, so that it keeps reading and answering
 * what it decides itself (denials). Memory stays bounded: at most {@link #MAX_QUEUED} messages and
 * {@code maxBytes} bytes wait; past that the message is refused and the caller says so.
 */
final class ServerWriter {
    static final int MAX_QUEUED = 1024;
    /** How long a direct write may take before the agent's reading moves to another thread. */
    static final long STUCK_NANOS = 100_000_000L;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private final long maxBytes;
    private final OutputStream out;
    private final ProxyLog log;
    private boolean writing;
    /** When the direct write in progress started (0: none), and whether its thread was already replaced. */
    private long directSince;
    private boolean replaced;
    private boolean finished;
    private volatile boolean failed;

    ServerWriter(OutputStream out, long maxBytes, ProxyLog log) {
        this.out = out;
        this.maxBytes = maxBytes;
        this.log = log;
    }

    /**
     * What became of a message the agent's reader sent: whether it was taken (written or queued), and
     * whether the reader was replaced while its write was blocked (it must then stop reading the agent:
     * another thread does).
     */
    record Sent(boolean taken, boolean replaced) {
    }

    /**
     * From the agent's reader: written now, on this thread, when nothing else is being written or waits;
     * else queued behind it. Not taken when the server is not keeping up, or its stdin is closed.
     */
    Sent sendDirect(byte[] message) {
        synchronized (this) {
            if (failed) {
                return new Sent(false, false);
            }
            if (writing || !queue.isEmpty()) {
                return new Sent(enqueue(message), false);
            }
            writing = true;
            directSince = System.nanoTime();
            replaced = false;
        }
        IOException failure = null;
        try {
            out.write(message);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
        synchronized (this) {
            // read in the same step that ends the write: once it has ended, nobody replaces this reader
            boolean wasReplaced = replaced;
            writing = false;
            directSince = 0;
            if (failure != null) {
                failed = true;
            }
            if (!queue.isEmpty() || finished || failed) {
                // what queued up meanwhile is the writer thread's now; otherwise it has nothing to do,
                // and waking it for each call costs a futex call here and a wake-up there (on two
                // cores, a wake-up that competes with the call's own threads)
                notifyAll();
            }
            if (failure != null) {
                log.warn("relay to the server stopped: " + failure.getMessage());
            }
            return new Sent(failure == null, wasReplaced);
        }
    }

    /** From any thread, never blocking: queued for the writer thread. False when it cannot be taken. */
    synchronized boolean offer(byte[] message) {
        return !failed && enqueue(message);
    }

    private boolean enqueue(byte[] message) {
        if (finished || queue.size() >= MAX_QUEUED || queuedBytes + message.length > maxBytes) {
            return false;
        }
        queue.add(message);
        queuedBytes += message.length;
        notifyAll();
        return true;
    }

    /**
     * True once for a direct write that has been blocked for longer than {@link #STUCK_NANOS}: the
     * caller gives reading the agent to another thread, and the blocked one learns it was replaced
     * ({@link Sent#replaced}) when its write returns.
     */
    synchronized boolean stuckDirectWriter(long now) {
        if (directSince == 0 || replaced || now - directSince < STUCK_NANOS) {
            return false;
        }
        replaced = true;
        return true;
    }

    /** No more messages: the writer thread ends after the queued ones. */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** The writer thread's body: until {@link #finish} (and the queue is empty) or the server's stdin closes. */
    void run(boolean[] serverAlive) {
        try {
            while (true) {
                byte[] m;
                synchronized (this) {
                    while (!failed && (writing || queue.isEmpty()) && !(finished && queue.isEmpty() && !writing)) {
                        wait();
                    }
                    if (failed || queue.isEmpty()) {
                        return; // finished, everything written
                    }
                    m = queue.poll();
                    queuedBytes -= m.length;
                    writing = true;
                }
                try {
                    out.write(m);
                    out.write('\n');
                    boolean last;
                    synchronized (this) {
                        last = queue.isEmpty();
                    }
                    if (last) {
                        out.flush(); // outside the lock: a blocked flush must not block the agent's reader
                    }
                } finally {
                    synchronized (this) {
                        writing = false;
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            fail(e);
            if (serverAlive[0]) {
                log.warn("relay to the server stopped: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void fail(IOException e) {
        failed = true;
        notifyAll();
    }
}
