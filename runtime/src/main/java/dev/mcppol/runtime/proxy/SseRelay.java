package dev.mcppol.runtime.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays a {@code text/event-stream} from the server event by event, each flushed as soon as it is
 * complete (progress notifications must arrive while a call runs). Each event's {@code data} is one
 * JSON-RPC message and goes through the gate; an event the gate leaves alone is written as received,
 * a rewritten one keeps its {@code id:} and {@code event:} lines.
 */
final class SseRelay {
    interface ServerMessages {
        MessageGate.ServerVerdict apply(byte[] message);
    }

    private SseRelay() {
    }

    static void relay(InputStream upstream, OutputStream downstream, ServerMessages gate, int maxEventBytes,
                      ProxyLog log) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(upstream, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long size = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isEmpty()) {
                lines.add(line);
                size += line.length();
                continue;
            }
            if (size > maxEventBytes) {
                log.warn("dropped a server event over the limit of " + maxEventBytes + " bytes");
            } else if (!lines.isEmpty()) {
                writeEvent(lines, downstream, gate);
            }
            lines.clear();
            size = 0;
        }
        if (!lines.isEmpty() && size <= maxEventBytes) {
            writeEvent(lines, downstream, gate);
        }
    }

    private static void writeEvent(List<String> lines, OutputStream out, ServerMessages gate) throws IOException {
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
        out.write(event.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
