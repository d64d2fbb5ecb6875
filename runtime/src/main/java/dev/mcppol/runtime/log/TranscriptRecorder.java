package dev.mcppol.runtime.log;

import dev.mcppol.runtime.json.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes live traffic as a transcript v1 (see DESIGN.md): a header, then one record per message with
 * {@code t} in milliseconds since the start and, on each {@code tools/call}, the proxy's decision as
 * {@code expect}, so the recording replays as a regression test with no editing. Messages are
 * redacted before they reach the file.
 *
 * <p>Session ids are written as short aliases in order of appearance ({@code s1}, {@code s2}, …):
 * the live ids (random, per process or per {@code Mcp-Session-Id}) are noise in reports and would
 * change every line of a re-recorded transcript; the aliases keep sessions apart just the same.
 *
 * <p>{@code t} must not decrease, and a call's {@code t} must be the time its limits were counted at,
 * or a replay could decide differently near a window's edge; callers therefore take the time, decide
 * and record under {@link #lock()}.
 */
public final class TranscriptRecorder implements Closeable {
    private final BufferedWriter out;
    private final Redactor redactor;
    private final long startMillis;
    private final String headerSession;
    private final String headerIdentity;
    private final JsonNode headerClaims;
    private long lastT;
    private final java.util.Map<String, String> aliases = new java.util.HashMap<>();

    public TranscriptRecorder(Path file, Redactor redactor, long startMillis, String session, String identity)
            throws IOException {
        this(file, redactor, startMillis, session, identity, null);
    }

    /** @param claims the verified claims every record is made with (stdio {@code --claims}), or null */
    public TranscriptRecorder(Path file, Redactor redactor, long startMillis, String session, String identity,
                              JsonNode claims) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.redactor = redactor;
        this.startMillis = startMillis;
        this.headerSession = session == null ? null : alias(session);
        this.headerIdentity = identity;
        this.headerClaims = claims == null ? null : redactor.claims(claims);
        ObjectNode header = Json.NODES.objectNode();
        header.put("mcppol", TranscriptFormat.V1);
        if (headerSession != null) {
            header.put("session", headerSession);
        }
        if (identity != null) {
            header.put("identity", identity);
        }
        if (headerClaims != null) {
            header.set("claims", headerClaims);
        }
        writeLine(header);
    }

    public Object lock() {
        return this;
    }

    /** Records one message; {@code expect} is the outcome word for a {@code tools/call}, else null. */
    public void record(long nowMillis, String direction, JsonNode msg, String session, String identity,
                       String expect) {
        record(nowMillis, direction, msg, session, identity, headerClaims, expect);
    }

    /**
     * Records one message made with these verified claims (redacted before writing; written only where
     * they differ from the header's, as a replay needs them to decide as the proxy did).
     */
    public synchronized void record(long nowMillis, String direction, JsonNode msg, String session, String identity,
                                    JsonNode claims, String expect) {
        long t = Math.max(lastT, nowMillis - startMillis);
        lastT = t;
        ObjectNode rec = Json.NODES.objectNode();
        rec.put("t", t);
        rec.put("dir", direction);
        // Sessions and identities differ per record only on HTTP, where one proxy serves many sessions.
        String shown = session == null ? null : alias(session);
        if (shown != null && !Objects.equals(shown, headerSession)) {
            rec.put("session", shown);
        }
        if (!Objects.equals(identity, headerIdentity)) {
            if (identity == null) {
                rec.putNull("identity");
            } else {
                rec.put("identity", identity);
            }
        }
        JsonNode written = claims == null ? null : redactor.claims(claims);
        if (!Objects.equals(written, headerClaims)) {
            if (written == null) {
                rec.putNull("claims");
            } else {
                rec.set("claims", written);
            }
        }
        rec.set("msg", redactor.message(msg));
        if (expect != null) {
            rec.put("expect", expect);
        }
        writeLine(rec);
    }

    private String alias(String session) {
        return aliases.computeIfAbsent(session, s -> "s" + (aliases.size() + 1));
    }

    /**
     * Records a person's approval that admitted the next call ({@code {"t":…,"approval":{…}}}): a replay
     * has no approvals store, so it takes the approval from here and admits the same call.
     */
    public synchronized void recordApproval(long nowMillis, JsonNode approval) {
        long t = Math.max(lastT, nowMillis - startMillis);
        lastT = t;
        ObjectNode rec = Json.NODES.objectNode();
        rec.put("t", t);
        rec.set("approval", approval);
        writeLine(rec);
    }

    private void writeLine(JsonNode node) {
        try {
            out.write(Json.MAPPER.writeValueAsString(node));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
