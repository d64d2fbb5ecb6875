package dev.mcppol.policytests;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.runtime.transcript.TranscriptFormat;
import dev.mcppol.runtime.transcript.TranscriptWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcppol transcript import}: converts other recorders' files into transcript v1 (without
 * expectations; {@code mcppol test --update} then fills them in).
 *
 * <ul>
 *   <li>{@link Format#JSONL}: one message per line, {@code {"ts": …, "dir": …, "msg": {…}}}. The time
 *   key may be {@code ts}, {@code t}, {@code time} or {@code timestamp} (ISO-8601 text or epoch
 *   milliseconds; it becomes {@code t} relative to the first line); the direction key {@code dir} or
 *   {@code direction} with the values in {@link #DIRECTIONS}; the message key {@code msg} or
 *   {@code message}; optional {@code session} and {@code identity}. Any other key is an error
 *   naming file:line, because a field we drop could be one that mattered.</li>
 *   <li>{@link Format#MCP_RECORDER}: an mcp-recorder cassette ({@code {"version", "metadata",
 *   "interactions": [{type, request, response, latency_ms, …}]}}): a {@code jsonrpc_request}
 *   becomes its request (c2s) and, {@code latency_ms} later, its response (s2c); a {@code notification}
 *   its request; {@code lifecycle} entries (HTTP GET/DELETE) carry no message and are skipped. The
 *   cassette holds no wall-clock time per interaction, so {@code t} accumulates the latencies.</li>
 * </ul>
 */
public final class TranscriptImporter {

    public enum Format { JSONL, MCP_RECORDER }

    /** Accepted direction words, each to c2s (true) or s2c (false). "outgoing" is the client's own view. */
    public static final Map<String, Boolean> DIRECTIONS = Map.ofEntries(
            Map.entry(TranscriptFormat.C2S, true), Map.entry("client->server", true), Map.entry("client_to_server", true),
            Map.entry("outgoing", true), Map.entry("sent", true), Map.entry("request", true),
            Map.entry(TranscriptFormat.S2C, false), Map.entry("server->client", false), Map.entry("server_to_client", false),
            Map.entry("incoming", false), Map.entry("received", false), Map.entry("response", false));

    private static final Set<String> TIME_KEYS = Set.of("ts", "t", "time", "timestamp");

    /** What an import wrote. */
    public record Result(int records, int toolCalls) {
    }

    private int records;
    private int toolCalls;

    /** Imports {@code in} into {@code out}; {@code session} defaults to the input's file name. */
    public Result importFile(Format format, Path in, Path out, String session, String identity)
            throws IOException, TranscriptException {
        String s = session != null ? session : stem(in);
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), out.getFileName().toString(), ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            TranscriptWriter tw = new TranscriptWriter(w, false);
            tw.header(s, identity, null);
            if (format == Format.JSONL) {
                jsonl(in, tw);
            } else {
                cassette(in, tw);
            }
        } catch (IOException | TranscriptException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Result(records, toolCalls);
    }

    private void jsonl(Path in, TranscriptWriter w) throws IOException, TranscriptException {
        Long first = null;
        long last = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    String text = line;
                    n = Json.tree(() -> Json.MAPPER.readTree(text));
                } catch (JacksonException e) {
                    throw new TranscriptException(in.toString(), lineNo, "not valid JSON: " + e.getOriginalMessage());
                }
                if (!n.isObject()) {
                    throw new TranscriptException(in.toString(), lineNo, "a line must be a JSON object");
                }
                Long ts = null;
                Boolean c2s = null;
                JsonNode msg = null;
                String session = null;
                boolean ownIdentity = false;
                String identity = null;
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    String k = e.getKey();
                    JsonNode v = e.getValue();
                    if (TIME_KEYS.contains(k)) {
                        ts = millis(in, lineNo, k, v);
                    } else if (k.equals("dir") || k.equals("direction")) {
                        c2s = v.isString() ? DIRECTIONS.get(v.stringValue().toLowerCase(Locale.ROOT)) : null;
                        if (c2s == null) {
                            throw new TranscriptException(in.toString(), lineNo, "unknown direction " + v
                                    + " (accepted: " + String.join(", ", new java.util.TreeSet<>(DIRECTIONS.keySet())) + ")");
                        }
                    } else if (k.equals("msg") || k.equals("message")) {
                        msg = v;
                    } else if (k.equals("session") || k.equals("identity")) {
                        if (!v.isString() && !v.isNull()) {
                            throw new TranscriptException(in.toString(), lineNo, "\"" + k + "\" must be a string or null");
                        }
                        if (k.equals("session")) {
                            session = v.asString(null);
                        } else {
                            ownIdentity = true;
                            identity = v.asString(null);
                        }
                    } else {
                        throw new TranscriptException(in.toString(), lineNo, "unknown key \"" + k
                                + "\" (accepted: ts|t|time|timestamp, dir|direction, msg|message, session, identity)");
                    }
                }
                if (c2s == null || msg == null) {
                    throw new TranscriptException(in.toString(), lineNo, "a line needs a direction and a message");
                }
                long t = last;
                if (ts != null) {
                    if (first == null) {
                        first = ts;
                    }
                    t = ts - first;
                    if (t < last) {
                        throw new TranscriptException(in.toString(), lineNo, "the time goes backwards");
                    }
                }
                last = t;
                if (ownIdentity) {
                    write(w, t, c2s, session, identity, msg);
                } else {
                    write(w, t, c2s, session, msg);
                }
            }
        }
    }

    private static long millis(Path in, int line, String key, JsonNode v) throws TranscriptException {
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            return d.longValue();
        }
        if (v.isString()) {
            String s = v.stringValue();
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(s).toEpochMilli();
                } catch (DateTimeParseException e2) {
                    try {
                        // No offset: read as UTC, the only choice that does not depend on the machine.
                        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
                    } catch (DateTimeParseException e3) {
                        throw new TranscriptException(in.toString(), line, "\"" + key + "\": not an ISO-8601 time: " + s);
                    }
                }
            }
        }
        throw new TranscriptException(in.toString(), line, "\"" + key + "\" must be ISO-8601 text or epoch milliseconds");
    }

    private void cassette(Path in, TranscriptWriter w) throws IOException, TranscriptException {
        JsonNode root;
        try {
            root = Json.tree(() -> Json.MAPPER.readTree(in.toFile()));
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new TranscriptException(in.toString(), line, "not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode list = root.get("interactions");
        if (list == null || !list.isArray()) {
            throw new TranscriptException(in.toString(), 0, "not an mcp-recorder cassette: no \"interactions\" list");
        }
        long t = 0;
        for (int i = 0; i < list.size(); i++) {
            JsonNode it = list.get(i);
            String where = "interactions[" + i + "]";
            String type = it.path("type").asString("");
            JsonNode req = it.get("request");
            JsonNode resp = it.get("response");
            long latency = it.path("latency_ms").asLong(0);
            switch (type) {
                case "jsonrpc_request", "notification" -> {
                    if (req == null || !req.isObject()) {
                        throw new TranscriptException(in.toString(), 0, where + ": a " + type + " without a request");
                    }
                    write(w, t, true, null, req);
                    if (resp != null && resp.isObject()) {
                        write(w, t + Math.max(0, latency), false, null, resp);
                    }
                }
                case "lifecycle" -> {
                    // An HTTP GET/DELETE on the endpoint: no JSON-RPC message to replay.
                }
                default -> throw new TranscriptException(in.toString(), 0, where + ": unknown interaction type \""
                        + type + "\" (known: jsonrpc_request, notification, lifecycle)");
            }
            t += Math.max(0, latency);
        }
    }

    /** A record in the header's identity; {@code session} null for the header's. */
    private void write(TranscriptWriter w, long t, boolean c2s, String session, JsonNode msg) throws IOException {
        write(w, t, c2s, session, w.identity(), msg);
    }

    private void write(TranscriptWriter w, long t, boolean c2s, String session, String identity, JsonNode msg)
            throws IOException {
        w.message(t, c2s, session, identity, null, msg, null);
        records++;
        if (c2s && "tools/call".equals(msg.path("method").asString(null))) {
            toolCalls++;
        }
    }

    private static String stem(Path in) {
        String n = in.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
