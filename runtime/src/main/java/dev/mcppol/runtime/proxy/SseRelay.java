package dev.mcppol.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays one {@code text/event-stream} from the server event by event, fed with the bytes as they
 * arrive (chunk boundaries anywhere, also inside a line or a CRLF). Each complete event's
 * {@code data} is one JSON-RPC message and goes through the gate; an event the gate leaves alone is
 * written as received (lines ending in {@code \n}), a rewritten one keeps its {@code id:} and
 * {@code event:} lines. What one {@link #feed} completes is appended to one output buffer, so the
 * caller sends it with one write. Memory is bounded: an event over {@code maxEventBytes} is no
 * longer kept, and dropped at its end.
 */
final class SseRelay {
    interface ServerMessages {
        MessageGate.ServerVerdict apply(byte[] message);
    }

    private final ServerMessages gate;
    private final int maxEventBytes;
    private final ProxyLog log;
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long eventSize;
    private long lineLength;
    private boolean afterCr;

    SseRelay(ServerMessages gate, int maxEventBytes, ProxyLog log) {
        this.gate = gate;
        this.maxEventBytes = maxEventBytes;
        this.log = log;
    }

    /** Consumes {@code in}; complete events (gated) are appended to {@code out}. */
    void feed(ByteBuffer in, ByteArrayOutputStream out) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n' && afterCr) {
                afterCr = false; // the second half of a CRLF already ended the line
                continue;
            }
            afterCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(out);
            } else {
                lineLength++;
                if (++eventSize <= maxEventBytes) {
                    line.write(b);
                }
            }
        }
    }

    /** The stream ended: an event not closed by a blank line is still delivered, as a line reader would. */
    void finish(ByteArrayOutputStream out) {
        if (lineLength > 0) {
            endLine(out);
        }
        if (!lines.isEmpty() || eventSize > maxEventBytes) {
            endEvent(out);
        }
    }

    private void endLine(ByteArrayOutputStream out) {
        if (lineLength == 0) {
            endEvent(out); // a blank line ends the event
            return;
        }
        if (eventSize <= maxEventBytes) {
            lines.add(line.toString(StandardCharsets.UTF_8));
        }
        line.reset();
        lineLength = 0;
    }

    private void endEvent(ByteArrayOutputStream out) {
        if (eventSize > maxEventBytes) {
            log.warn("dropped a server event over the limit of " + maxEventBytes + " bytes");
        } else if (!lines.isEmpty()) {
            writeEvent(out);
        }
        lines.clear();
        line.reset();
        lineLength = 0;
        eventSize = 0;
    }

    private void writeEvent(ByteArrayOutputStream out) {
        StringBuilder data = null;
        for (String l : lines) {
            if (l.startsWith("data:")) {
                String v = l.substring(5);
                v = v.startsWith(" ") ? v.substring(1) : v;
                data = data == null ? new StringBuilder(v) : data.append('\n').append(v);
            }
        }
        StringBuilder event = new StringBuilder();
        if (data == null || data.toString().isBlank()) {
            lines.forEach(l -> event.append(l).append('\n'));
        } else {
            MessageGate.ServerVerdict v = gate.apply(data.toString().getBytes(StandardCharsets.UTF_8));
            if (!v.pass()) {
                return;
            }
            for (String l : lines) {
                if (v.replacement() == null || !l.startsWith("data:")) {
                    event.append(l).append('\n');
                }
            }
            if (v.replacement() != null) {
                event.append("data: ").append(new String(v.replacement(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        event.append('\n');
        out.writeBytes(event.toString().getBytes(StandardCharsets.UTF_8));
    }
}
