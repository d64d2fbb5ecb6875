package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes transcript v1 as JSON Lines, the inverse of {@link TranscriptReader}: a header, message
 * records and approval records, one compact JSON object a line. A record names its session, identity
 * and claims only where they differ from the header's (an identity or claims that differ by being
 * absent are written as {@code null}), exactly as the reader resolves them back.
 *
 * <p>Not thread-safe: a writer shared between threads is guarded by its caller.
 */
public final class TranscriptWriter implements Closeable {
    private final Writer out;
    private final boolean flushEachLine;
    private String session;
    private String identity;
    private JsonNode claims;

    /** @param flushEachLine flush after every line, so a live recording survives a crash up to its last line */
    public TranscriptWriter(Writer out, boolean flushEachLine) {
        this.out = out;
        this.flushEachLine = flushEachLine;
    }

    /** The header; null members are left out. Records then default to its session, identity and claims. */
    public void header(String session, String identity, JsonNode claims) throws IOException {
        header(session, identity, claims, 0);
    }

    /**
     * The header of a proxy's recording.
     *
     * @param approvalTimeoutMillis how long the proxy waited for the user's answer to an approval question
     *                              ({@code --approval-timeout}), written as {@code approvalTimeoutMs}; 0 leaves it out
     */
    public void header(String session, String identity, JsonNode claims, long approvalTimeoutMillis) throws IOException {
        ObjectNode header = Json.NODES.objectNode();
        header.put("mcppol", TranscriptFormat.V1);
        if (session != null) {
            header.put("session", session);
        }
        if (identity != null) {
            header.put("identity", identity);
        }
        if (claims != null) {
            header.set("claims", claims);
        }
        if (approvalTimeoutMillis > 0) {
            header.put("approvalTimeoutMs", approvalTimeoutMillis);
        }
        this.session = session;
        this.identity = identity;
        this.claims = claims;
        line(header);
    }

    /** The header's identity: what a record without its own stands for. */
    public String identity() {
        return identity;
    }

    /** A message in the header's session, identity and claims. */
    public void message(long t, boolean clientToServer, JsonNode msg, String expect) throws IOException {
        message(t, clientToServer, session, identity, claims, msg, expect);
    }

    /**
     * One message.
     *
     * @param session  the record's session, or null for the header's
     * @param identity the caller's identity (null: none)
     * @param claims   the caller's verified claims (null: none)
     * @param expect   the outcome word a replay must reach, on a decided request; else null
     */
    public void message(long t, boolean clientToServer, String session, String identity, JsonNode claims,
                        JsonNode msg, String expect) throws IOException {
        message(t, clientToServer, session, identity, claims, msg, expect, null);
    }

    /**
     * One message, with the approval hash of a {@code tools/call} whose recorded arguments are redacted
     * ({@code argumentsHash}: what an approval of the call is bound to, computed by the proxy over the
     * arguments as it received them), or null.
     */
    public void message(long t, boolean clientToServer, String session, String identity, JsonNode claims,
                        JsonNode msg, String expect, String argumentsHash) throws IOException {
        ObjectNode rec = Json.NODES.objectNode();
        rec.put("t", t);
        rec.put("dir", TranscriptFormat.direction(clientToServer));
        if (session != null && !session.equals(this.session)) {
            rec.put("session", session);
        }
        if (!Objects.equals(identity, this.identity)) {
            if (identity == null) {
                rec.putNull("identity");
            } else {
                rec.put("identity", identity);
            }
        }
        if (!Objects.equals(claims, this.claims)) {
            if (claims == null) {
                rec.putNull("claims");
            } else {
                rec.set("claims", claims);
            }
        }
        rec.set("msg", msg);
        if (argumentsHash != null) {
            rec.put("argumentsHash", argumentsHash);
        }
        if (expect != null) {
            rec.put("expect", expect);
        }
        line(rec);
    }

    /** A person's approval that admitted the next call ({@code {"t":…,"approval":{…}}}). */
    public void approval(long t, JsonNode approval) throws IOException {
        ObjectNode rec = Json.NODES.objectNode();
        rec.put("t", t);
        rec.set("approval", approval);
        line(rec);
    }

    private void line(JsonNode node) throws IOException {
        out.write(Json.MAPPER.writeValueAsString(node));
        out.write('\n');
        if (flushEachLine) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
