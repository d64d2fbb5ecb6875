package dev.mcppol.runtime.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.mcppol.runtime.proxy.wire.AgentExchange;
import org.eclipse.jetty.util.Callback;

/**
 * An agent's POST answered with an event stream that stays open while its call is held for the user
 * (approval by elicitation over Streamable HTTP): the question goes out first, then progress
 * notifications from the proxy's timer, then the call's answer — relayed from the server once the user
 * approved, or the proxy's denial. Those writers run on different threads, so writes are queued and
 * sent in order, each once the one before it is in the kernel; the last one ends the response, exactly
 * once.
 */
final class EventStream {
    private record Write(boolean last, ByteBuffer bytes, Callback done) {
    }

    private final AgentExchange response;
    private final ArrayDeque<Write> queue = new ArrayDeque<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private boolean writing;
    private boolean ended;

    /** Starts the stream: status, headers, and nothing written yet. */
    EventStream(AgentExchange response) {
        this.response = response;
        response.setStatus(200);
        response.responseHeaders().put("Content-Type", "text/event-stream");
        response.responseHeaders().put("Cache-Control", "no-cache");
        response.onAbandon(this::fail); // the agent went away: the call's answer has nowhere to go
    }

    /** One JSON-RPC message as one event; {@code last} ends the stream after it. */
    void send(byte[] message, boolean last) {
        write(last, ByteBuffer.wrap(event(message)), Callback.NOOP);
    }

    static byte[] event(byte[] message) {
        byte[] head = "data: ".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + message.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(message, 0, out, head.length, message.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Bytes already framed as events (the server's own stream, relayed); queued behind earlier writes. */
    void write(boolean last, ByteBuffer bytes, Callback done) {
        synchronized (this) {
            if (ended) {
                done.failed(new IOException("the event stream to the agent has ended"));
                return;
            }
            ended = last;
            queue.add(new Write(last, bytes, done));
            if (writing) {
                return;
            }
            writing = true;
        }
        next();
    }

    /** Ends the stream as it stands (the call's answer could not be had). */
    void fail(Throwable why) {
        synchronized (this) {
            ended = true;
        }
        if (completed.compareAndSet(false, true)) {
            response.abort(why);
        }
    }

    private void next() {
        Write w;
        synchronized (this) {
            w = queue.poll();
            if (w == null) {
                writing = false;
                return;
            }
        }
        response.write(w.last(), w.bytes(), Callback.from(() -> {
            w.done().succeeded();
            if (w.last()) {
                completed.set(true);
            }
            next();
        }, x -> {
            w.done().failed(x);
            fail(x); // the agent went away: what is still queued has nowhere to go
            drain(x);
        }));
    }

    private void drain(Throwable why) {
        while (true) {
            Write w;
            synchronized (this) {
                w = queue.poll();
                if (w == null) {
                    writing = false;
                    return;
                }
            }
            w.done().failed(why);
        }
    }
}
