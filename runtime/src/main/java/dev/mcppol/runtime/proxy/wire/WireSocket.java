package dev.mcppol.runtime.proxy.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.eclipse.jetty.util.Callback;

/**
 * A non-blocking TCP connection owned by one {@link WireLoop}: reads when the subclass wants input,
 * writes queued buffers in order as the peer takes them (each write's callback completes once all its
 * bytes are in the kernel), and closes once, failing whatever was still queued. Every method runs on
 * the loop's thread.
 */
abstract class WireSocket implements WireLoop.Ready {
    private record Pending(ByteBuffer[] buffers, Callback done) {
    }

    final WireLoop loop;
    final SocketChannel channel;
    SelectionKey key;
    /** Input read and not yet consumed; in read mode (position..limit are the unread bytes). */
    final ByteBuffer input;
    private final ArrayDeque<Pending> output = new ArrayDeque<>();
    /** Bytes queued and not yet in the kernel. */
    private long queued;
    private boolean flushScheduled;
    private boolean reading;
    private boolean closed;
    /** {@link System#nanoTime()} of the last byte read or written. */
    long lastActivity = System.nanoTime();

    WireSocket(WireLoop loop, SocketChannel channel, int bufferBytes) {
        this.loop = loop;
        this.channel = channel;
        this.input = ByteBuffer.allocate(bufferBytes);
        this.input.flip();
    }

    final boolean isClosed() {
        return closed;
    }

    /** Whether the loop should tell this socket about input. */
    final void reading(boolean on) {
        if (reading != on && !closed) {
            reading = on;
            interest();
        }
    }

    private void interest() {
        if (key != null && key.isValid()) {
            key.interestOps((reading ? SelectionKey.OP_READ : 0) | (output.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    @Override
    public void ready(SelectionKey k) throws IOException {
        if (k.isValid() && k.isConnectable()) {
            channel.finishConnect();
            connected();
            return;
        }
        if (k.isValid() && k.isWritable()) {
            flush();
        }
        if (k.isValid() && k.isReadable() && reading && !closed) {
            readable();
        }
    }

    @Override
    public void failed(Throwable x) {
        close(x);
    }

    /** A non-blocking connect finished ({@link SelectionKey#OP_CONNECT}). */
    void connected() throws IOException {
    }

    /** Input is waiting: call {@link #fill} and consume {@link #input}. */
    abstract void readable() throws IOException;

    /** Called once, after the socket is closed; {@code why} is null for an orderly close. */
    abstract void closed(Throwable why);

    /**
     * Reads what the kernel has into {@link #input} (after the unread rest); returns the bytes read,
     * 0 when there is nothing (or no room), or -1 at the peer's end of stream.
     */
    final int fill() throws IOException {
        input.compact();
        int n;
        try {
            n = input.hasRemaining() ? channel.read(input) : 0;
        } finally {
            input.flip();
        }
        if (n > 0) {
            lastActivity = System.nanoTime();
        }
        return n;
    }

    /**
     * Queues {@code buffers} behind earlier writes; they are written once the loop has handled the
     * current event (see {@link WireLoop#flushLater}). {@code flushed} completes once they are all in
     * the kernel.
     */
    final void write(Callback flushed, ByteBuffer... buffers) {
        if (closed) {
            flushed.failed(new IOException("the connection is closed"));
            return;
        }
        for (ByteBuffer b : buffers) {
            queued += b.remaining();
        }
        output.add(new Pending(buffers, flushed));
        if (!flushScheduled) {
            flushScheduled = true;
            loop.flushLater(this);
        }
    }

    /** Bytes written and not yet in the kernel. */
    final long queuedBytes() {
        return queued;
    }

    /** Called by the loop: writes what the peer takes now. */
    final void flushNow() {
        flushScheduled = false;
        if (closed) {
            return;
        }
        try {
            flush();
        } catch (IOException e) {
            close(e);
        }
    }

    /** Writes the queued buffers, all in one gathering write while the peer takes them. */
    private void flush() throws IOException {
        while (!output.isEmpty()) {
            ByteBuffer[] all;
            if (output.size() == 1) {
                all = output.peek().buffers();
            } else {
                java.util.ArrayList<ByteBuffer> list = new java.util.ArrayList<>();
                for (Pending p : output) {
                    java.util.Collections.addAll(list, p.buffers());
                    if (list.size() >= 64) {
                        break;
                    }
                }
                all = list.toArray(new ByteBuffer[0]);
            }
            long n = channel.write(all);
            if (n > 0) {
                lastActivity = System.nanoTime();
                queued -= n;
            }
            while (!output.isEmpty() && written(output.peek())) {
                output.poll().done().succeeded();
                if (closed) {
                    return;
                }
            }
            if (!output.isEmpty()) {
                interest(); // the peer is slow (or more was queued than one write takes): OP_WRITE says when to go on
                return;
            }
        }
        interest();
    }

    private static boolean written(Pending p) {
        for (ByteBuffer b : p.buffers()) {
            if (b.hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    /** Closes the socket (once); queued writes fail with {@code why} (or a plain close). */
    final void close(Throwable why) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closed anyway
        }
        IOException failure = why instanceof IOException io ? io
                : new IOException(why == null ? "the connection is closed" : why.toString(), why);
        for (Pending p; (p = output.poll()) != null; ) {
            p.done().failed(failure);
        }
        closed(why);
    }
}
