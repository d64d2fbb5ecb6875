package dev.mcppol.runtime.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes to the server's stdin on a thread of its own, so that a server that stops reading blocks
 * this thread only: the proxy keeps reading the agent and keeps answering what it decides itself
 * (denials). Memory stays bounded: at most {@link #MAX_QUEUED} messages and {@code maxBytes} bytes
 * wait; past that {@link #offer} says no and the caller refuses the message.
 */
final class ServerWriter {
    static final int MAX_QUEUED = 1024;

    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxBytes;
    private final OutputStream out;
    private final ProxyLog log;
    private volatile boolean failed;

    ServerWriter(OutputStream out, long maxBytes, ProxyLog log) {
        this.out = out;
        this.maxBytes = maxBytes;
        this.log = log;
    }

    /** Queues one message (without its line end); false when the server is not keeping up. */
    boolean offer(byte[] message) {
        if (failed || queuedBytes.get() + message.length > maxBytes) {
            return false;
        }
        queuedBytes.addAndGet(message.length);
        if (!queue.offer(message)) {
            queuedBytes.addAndGet(-message.length);
            return false;
        }
        return true;
    }

    /** No more messages: the writer ends after the queued ones. */
    void finish() {
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer thread's body: until {@link #finish} (or the server's stdin closes). */
    void run(boolean[] serverAlive) {
        try {
            while (true) {
                byte[] m = queue.take();
                if (m == END) {
                    return;
                }
                queuedBytes.addAndGet(-m.length);
                out.write(m);
                out.write('\n');
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            failed = true;
            if (serverAlive[0]) {
                log.warn("relay to the server stopped: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
