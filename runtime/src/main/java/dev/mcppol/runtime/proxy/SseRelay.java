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

        /**
         * An event over the limit was dropped; {@code idJson} is its message's top-level id (JSON text)
         * or null, {@code request} whether it was a request. Returns the message the client gets in its
         * place (the error answering its pending request), or null for none.
         */
        default byte[] oversize(String idJson, boolean request) {
            return null;
        }
    }

    private final ServerMessages gate;
    private final int maxEventBytes;
    private final ProxyLog log;
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long eventSize;
    private long lineLength;
    private boolean afterCr;
    /** The first bytes of the current line: whether it is a {@code data:} line. */
    private final byte[] head = new byte[5];
    /** Set once the event passes the limit: reads the dropped message's id in constant memory. */
    private TopLevelIdScanner overflow;
    private boolean overflowDataLine;

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
                if (lineLength < head.length) {
                    head[(int) lineLength] = b;
                }
                lineLength++;
                if (++eventSize <= maxEventBytes) {
                    line.write(b);
                } else {
                    overflowByte(b);
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

    /**
     * A byte past the limit: the first one starts reading the message's id from what was kept (so a
     * normal event costs nothing extra), the rest go on feeding it.
     */
    private void overflowByte(byte b) {
        if (overflow == null) {
            overflow = new TopLevelIdScanner();
            for (String l : lines) {
                if (l.startsWith("data:")) {
                    byte[] v = dataValue(l).getBytes(StandardCharsets.UTF_8);
                    overflow.feed(v, 0, v.length);
                    overflow.feed(NEWLINE, 0, 1);
                }
            }
            String partial = line.toString(StandardCharsets.UTF_8);
            overflowDataLine = partial.startsWith("data:") || "data:".startsWith(partial);
            if (partial.startsWith("data:")) {
                byte[] v = dataValue(partial).getBytes(StandardCharsets.UTF_8);
                overflow.feed(v, 0, v.length);
            }
        } else if (lineLength <= head.length) {
            overflowDataLine = new String(head, 0, (int) Math.min(lineLength, head.length), StandardCharsets.UTF_8)
                    .equals("data:".substring(0, (int) Math.min(lineLength, head.length)));
            return; // the prefix itself
        }
        if (overflowDataLine && lineLength > head.length && !(lineLength == head.length + 1 && b == ' ')) {
            overflow.feed(new byte[] {b}, 0, 1);
        }
    }

    private static final byte[] NEWLINE = {'\n'};

    private static String dataValue(String l) {
        String v = l.substring(5);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    private void endLine(ByteArrayOutputStream out) {
        if (overflow != null && overflowDataLine) {
            overflow.feed(NEWLINE, 0, 1);
        }
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
            byte[] instead = overflow == null ? null : gate.oversize(overflow.id(), overflow.hasMethod());
            if (instead != null) {
                out.writeBytes(("data: " + new String(instead, StandardCharsets.UTF_8) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } else if (!lines.isEmpty()) {
            writeEvent(out);
        }
        lines.clear();
        line.reset();
        lineLength = 0;
        eventSize = 0;
        overflow = null;
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
