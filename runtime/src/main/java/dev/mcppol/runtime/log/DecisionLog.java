package dev.mcppol.runtime.log;

import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.approval.ApprovalStatus;
import dev.mcppol.runtime.json.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSONL decision log: one line per decision ({@code tools/call}, and each request of another kind
 * the policy decides, with its {@code kind}). Arguments are logged as a SHA-256
 * of their canonical form (sorted keys), so a log proves what was decided without holding the data;
 * the raw (redacted) arguments only with {@code --log-args}.
 */
public final class DecisionLog implements Closeable {

    /**
     * One decision, as logged.
     *
     * @param kind what was decided: {@code tool}, {@code resource}, {@code prompt}, {@code completion},
     *             {@code sampling}, {@code elicitation} or {@code roots}
     * @param approval the person's decision on an asked call (the queued approval that admitted it, or the
     *                 user's answer to the elicitation), or null: logged as {@code approval}
     */
    public record Entry(long timeMillis, String session, String identity, String kind, String tool, String outcome,
                        String rule, List<String> rules, String reason, long retryAfterMillis, JsonNode arguments,
                        String bundleSha256, Approval approval) {

        public Entry(long timeMillis, String session, String identity, String kind, String tool, String outcome,
                     String rule, List<String> rules, String reason, long retryAfterMillis, JsonNode arguments,
                     String bundleSha256) {
            this(timeMillis, session, identity, kind, tool, outcome, rule, rules, reason, retryAfterMillis, arguments,
                    bundleSha256, null);
        }

        /** A {@code tools/call} decision. */
        public Entry(long timeMillis, String session, String identity, String tool, String outcome, String rule,
                     List<String> rules, String reason, long retryAfterMillis, JsonNode arguments,
                     String bundleSha256) {
            this(timeMillis, session, identity, "tool", tool, outcome, rule, rules, reason, retryAfterMillis, arguments,
                    bundleSha256);
        }
    }

    private final BufferedWriter out;
    private final boolean logArguments;
    private final Redactor redactor;

    public DecisionLog(Path file, boolean logArguments, Redactor redactor) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        this.logArguments = logArguments;
        this.redactor = redactor;
    }

    public void write(Entry e) {
        ObjectNode line = Json.NODES.objectNode();
        line.put("time", Instant.ofEpochMilli(e.timeMillis()).toString());
        line.put("session", e.session());
        line.put("identity", e.identity());
        line.put("kind", e.kind());
        line.put("tool", e.tool());
        line.put("outcome", e.outcome());
        line.put("rule", e.rule());
        line.putArray("rules").addAll(e.rules().stream().map(Json.NODES::stringNode).toList());
        line.put("reason", e.reason());
        if (e.retryAfterMillis() > 0) {
            line.put("retryAfterMs", e.retryAfterMillis());
        }
        line.put("argsSha256", argumentsSha256(e.arguments()));
        if (logArguments && e.arguments() != null) {
            line.set("args", redactor.arguments(e.arguments()));
        }
        line.put("bundle", e.bundleSha256());
        if (e.approval() != null) {
            line.set("approval", approval(e.approval()));
        }
        String text = Json.MAPPER.writeValueAsString(line);
        synchronized (out) {
            try {
                out.write(text);
                out.write('\n');
                out.flush();
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write the decision log", ex);
            }
        }
    }

    /**
     * Who decided an asked call, when and why: {@code {"id","decision","by","at","note","grantUntil"?}}
     * ({@code decision}: {@code approved} or {@code denied}; {@code grantUntil} when an {@code approve for}
     * grant admits the same call until then).
     */
    private static ObjectNode approval(Approval a) {
        boolean denied = a.status() == ApprovalStatus.DENIED;
        ObjectNode o = Json.NODES.objectNode();
        o.put("id", a.id());
        o.put("decision", denied ? "denied" : "approved");
        o.put("by", a.decidedBy());
        o.put("at", a.decidedAt() > 0 ? Instant.ofEpochMilli(a.decidedAt()).toString() : null);
        o.put("note", a.note());
        if (!denied && a.grantMillis() > 0) {
            o.put("grantUntil", Instant.ofEpochMilli(a.expiresAt()).toString());
        }
        return o;
    }

    /** Hex SHA-256 of the canonical JSON of the arguments ({@code null} when the call had none). */
    public static String argumentsSha256(JsonNode args) {
        String canonical = args == null ? "null" : Json.CANONICAL.writeValueAsString(args);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("the JDK lacks SHA-256", ex);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.close();
        }
    }
}
