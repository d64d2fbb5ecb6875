package dev.mcppol.runtime.log;

import dev.mcppol.runtime.approval.ArgumentHash;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.transcript.TranscriptFormat;
import dev.mcppol.runtime.transcript.TranscriptWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Writes live traffic as a transcript v1 (see DESIGN.md; the lines are the format's own
 * {@link TranscriptWriter}'s): a header, then one record per message with {@code t} in milliseconds
 * since the start and, on each {@code tools/call}, the proxy's decision as {@code expect}, so the
 * recording replays as a regression test with no editing. Messages are redacted before they reach the file.
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
    private final TranscriptWriter out;
    private final Redactor redactor;
    private final long startMillis;
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
        this(file, redactor, startMillis, session, identity, claims, 0);
    }

    /**
     * @param approvalTimeoutMillis the proxy's {@code --approval-timeout}, kept in the header so a replay waits
     *                              for the user's answer exactly as long (0: approvals are off, left out)
     */
    public TranscriptRecorder(Path file, Redactor redactor, long startMillis, String session, String identity,
                              JsonNode claims, long approvalTimeoutMillis) throws IOException {
        this.out = new TranscriptWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        this.redactor = redactor;
        this.startMillis = startMillis;
        this.headerClaims = claims == null ? null : redactor.claims(claims);
        try {
            out.header(session == null ? null : alias(session), identity, headerClaims, approvalTimeoutMillis);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
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
        // Sessions and identities differ per record only on HTTP, where one proxy serves many sessions.
        String shown = session == null ? null : alias(session);
        JsonNode written = claims == null ? null : redactor.claims(claims);
        if (!TranscriptFormat.C2S.equals(direction) && !TranscriptFormat.S2C.equals(direction)) {
            throw new IllegalArgumentException("not a transcript direction: " + direction);
        }
        JsonNode redacted = redactor.message(msg);
        try {
            out.message(t, TranscriptFormat.C2S.equals(direction), shown, identity, written, redacted, expect,
                    approvalHash(msg, redacted));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording", e);
        }
    }

    /**
     * The approval hash of a {@code tools/call} whose arguments redaction changed, computed over the
     * arguments as received: an approval is bound to that hash, which a replay cannot compute from the
     * redacted arguments. Null for every other message (the replay computes the same hash itself).
     */
    private static String approvalHash(JsonNode msg, JsonNode redacted) {
        if (!ToolCallRequest.isToolCall(msg)) {
            return null;
        }
        ToolCallRequest call = ToolCallRequest.of(msg);
        if (!call.wellFormed() || call.arguments().equals(ToolCallRequest.of(redacted).arguments())) {
            return null;
        }
        return ArgumentHash.of(call.tool(), call.arguments());
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
        try {
            out.approval(t, approval);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
