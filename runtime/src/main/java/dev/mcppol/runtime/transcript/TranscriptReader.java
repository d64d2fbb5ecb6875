package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.model.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Streams the records of a transcript v1 file (JSON Lines), one at a time, so a transcript of any
 * size replays in constant memory. Every format error names the file and line.
 */
public final class TranscriptReader implements java.io.Closeable {

    private final String file;
    private final BufferedReader in;
    private int lineNo;
    private long lastT;
    private String session;
    private String identity;
    private JsonNode claims;
    private long approvalTimeoutMillis;
    private boolean headerAllowed = true;

    public TranscriptReader(Path path) throws IOException {
        this(path, Files.newBufferedReader(path, StandardCharsets.UTF_8));
    }

    /** The file name that reports and errors show. */
    public String file() {
        return file;
    }

    /** The next record, or null at the end of the file. */
    public TranscriptRecord next() throws IOException, TranscriptException {
        String line;
        while ((line = in.readLine()) != null) {
            TranscriptRecord r = parseLine(line);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * Reads the file's next line, given as text: the record it holds, or null for a blank line or
     * the header. {@code mcppol test --update} feeds lines itself so it can copy each one's bytes.
     */
    public TranscriptRecord parseLine(String line) throws TranscriptException {
        lineNo++;
        if (line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.tree(() -> Json.MAPPER.readTree(line));
        } catch (JacksonException e) {
            throw error("not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw error("a record must be a JSON object");
        }
        if (headerAllowed && node.has("mcppol")) {
            header(node);
            headerAllowed = false;
            return null;
        }
        headerAllowed = false;
        return record(node);
    }

    /** A reader that is fed lines through {@link #parseLine} instead of reading the file itself. */
    public static TranscriptReader lineFed(Path path) throws IOException {
        return new TranscriptReader(path, null);
    }

    private TranscriptReader(Path path, BufferedReader in) {
        this.file = path.toString();
        this.in = in;
        this.session = defaultSession(path);
    }

    private static String defaultSession(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    }

    private void header(JsonNode node) throws TranscriptException {
        for (String k : node.propertyNames()) {
            if (!TranscriptFormat.HEADER_KEYS.contains(k)) {
                throw error("unknown header key \"" + k + "\" (known: mcppol, session, identity, claims, approvalTimeoutMs)");
            }
        }
        if (!TranscriptFormat.V1.equals(node.get("mcppol").asString())) {
            throw error("unsupported transcript format " + node.get("mcppol") + " (this mcppol reads " + TranscriptFormat.V1 + ")");
        }
        if (node.has("session")) {
            session = stringOrNull(node.get("session"), "session");
        }
        if (node.has("identity")) {
            identity = stringOrNull(node.get("identity"), "identity");
        }
        if (node.has("claims")) {
            claims = claimsOrNull(node.get("claims"));
        }
        if (node.has("approvalTimeoutMs")) {
            JsonNode v = node.get("approvalTimeoutMs");
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() <= 0) {
                throw error("\"approvalTimeoutMs\" must be a positive integer (the proxy's --approval-timeout in milliseconds)");
            }
            approvalTimeoutMillis = v.longValue();
        }
    }

    /** Verified token claims: an object, or null for none. */
    private JsonNode claimsOrNull(JsonNode v) throws TranscriptException {
        if (v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw error("\"claims\" must be an object (the verified token's claims) or null");
        }
        return v;
    }

    private TranscriptRecord record(JsonNode node) throws TranscriptException {
        for (String k : node.propertyNames()) {
            if (!TranscriptFormat.RECORD_KEYS.contains(k)) {
                throw error("unknown record key \"" + k + "\" (known: t, dir, msg, session, identity, claims, expect,"
                        + " approval, argumentsHash)");
            }
        }
        long t = lastT;
        if (node.has("t")) {
            JsonNode tn = node.get("t");
            if (!tn.isIntegralNumber() || !tn.canConvertToLong() || tn.longValue() < 0) {
                throw error("\"t\" must be a non-negative integer (milliseconds since the start)");
            }
            t = tn.longValue();
            if (t < lastT) {
                throw error("\"t\" goes backwards: " + t + " after " + lastT);
            }
        }
        lastT = t;
        if (node.has("approval")) {
            return approvalRecord(node, t);
        }
        JsonNode dir = node.get("dir");
        if (dir == null) {
            throw error("record lacks \"dir\" (c2s or s2c)");
        }
        if (!dir.isString() || !(dir.stringValue().equals(TranscriptFormat.C2S) || dir.stringValue().equals(TranscriptFormat.S2C))) {
            throw error("\"dir\" must be \"c2s\" or \"s2c\", not " + dir);
        }
        JsonNode msg = node.get("msg");
        if (msg == null) {
            throw error("record lacks \"msg\" (one JSON-RPC message)");
        }
        if (!isJsonRpcMessage(msg)) {
            throw error("\"msg\" must be one JSON-RPC 2.0 message: an object with a string \"method\", or a "
                    + "\"result\" or \"error\" (and \"jsonrpc\": \"2.0\"), not " + describe(msg));
        }
        boolean c2s = dir.stringValue().equals(TranscriptFormat.C2S);
        String s = node.has("session") ? stringOrNull(node.get("session"), "session") : session;
        String id = node.has("identity") ? stringOrNull(node.get("identity"), "identity") : identity;
        JsonNode c = node.has("claims") ? claimsOrNull(node.get("claims")) : claims;
        Expectation expect = null;
        String hash = null;
        if (node.has("argumentsHash")) {
            JsonNode h = node.get("argumentsHash");
            if (!c2s || !ToolCallRequest.isToolCall(msg)) {
                throw error("\"argumentsHash\" belongs only on c2s tools/call records (the approval hash of"
                        + " arguments the recording redacted)");
            }
            if (!h.isString() || !h.stringValue().matches("[0-9a-f]{64}")) {
                throw error("\"argumentsHash\" must be a SHA-256 in lower-case hex (64 characters)");
            }
            hash = h.stringValue();
        }
        if (node.has("expect") && c2s && dev.mcppol.runtime.handler.CallHandler.isApprovalAnswer(msg)) {
            // the user's answer to the proxy's approval question decides the held call
            return new TranscriptRecord(lineNo, t, c2s, msg, s, id, expectation(node.get("expect")), null, null, c,
                    null, approvalTimeoutMillis);
        }
        if (node.has("expect")) {
            if (!expectable(c2s, msg)) {
                throw error("\"expect\" belongs only on decided requests: c2s tools/call, resources/read,"
                        + " resources/subscribe, prompts/get, completion/complete; s2c sampling/createMessage,"
                        + " elicitation/create, roots/list");
            }
            if (!ToolCallRequest.isRequest(msg)) {
                throw error("\"expect\" on a tools/call without an id: the proxy drops such a notification"
                        + " unanswered and undecided, so there is nothing to expect");
            }
            expect = expectation(node.get("expect"));
        }
        return new TranscriptRecord(lineNo, t, c2s, msg, s, id, expect, null, null, c, hash, approvalTimeoutMillis);
    }

    /**
     * A request, notification or response: what the proxy relays one line at a time. The proxy
     * records a client's object as it came (it refuses and never records anything else), so a
     * missing {@code jsonrpc} is let through; another version is not.
     */
    private static boolean isJsonRpcMessage(JsonNode msg) {
        return msg.isObject() && (!msg.has("jsonrpc") || "2.0".equals(msg.get("jsonrpc").asString(null)))
                && (msg.path("method").isString() || msg.has("result") || msg.has("error"));
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }

    /** A request a decision is taken on, in the direction it travels. */
    public static boolean expectable(boolean c2s, JsonNode msg) {
        if (!msg.isObject() || !msg.path("method").isString()) {
            return false;
        }
        String method = msg.get("method").stringValue();
        if ("tools/call".equals(method) || "completion/complete".equals(method)) {
            return c2s;
        }
        dev.mcppol.runtime.model.MethodKind kind = dev.mcppol.runtime.model.MethodKind.ofMethod(method);
        return kind != null && kind.fromServer() != c2s;
    }

    private TranscriptRecord approvalRecord(JsonNode node, long t) throws TranscriptException {
        for (String k : node.propertyNames()) {
            if (!k.equals("t") && !k.equals("approval")) {
                throw error("an approval record holds only \"t\" and \"approval\", not \"" + k + "\"");
            }
        }
        JsonNode a = node.get("approval");
        try {
            dev.mcppol.runtime.approval.Approval.fromJson(a);
        } catch (RuntimeException e) {
            throw error("\"approval\" is not an approval record: " + e.getMessage());
        }
        return new TranscriptRecord(lineNo, t, true, null, session, identity, null, a, null, null, null,
                approvalTimeoutMillis);
    }

    private Expectation expectation(JsonNode e) throws TranscriptException {
        if (e.isString()) {
            return new Expectation(outcome(e.stringValue()), null, null);
        }
        if (!e.isObject() || !e.has("outcome")) {
            throw error("\"expect\" must be an outcome string or an object with \"outcome\"");
        }
        for (String k : e.propertyNames()) {
            if (!TranscriptFormat.EXPECT_KEYS.contains(k)) {
                throw error("unknown expect key \"" + k + "\" (known: outcome, rule, reason)");
            }
        }
        String rule = e.has("rule") ? stringOrNull(e.get("rule"), "expect.rule") : null;
        String reason = e.has("reason") ? stringOrNull(e.get("reason"), "expect.reason") : null;
        return new Expectation(outcome(e.get("outcome").asString("")), rule, reason);
    }

    private Outcome outcome(String word) throws TranscriptException {
        try {
            return Outcome.fromWord(word);
        } catch (IllegalArgumentException ex) {
            throw error(ex.getMessage());
        }
    }

    private String stringOrNull(JsonNode v, String key) throws TranscriptException {
        if (v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw error("\"" + key + "\" must be a string or null");
        }
        return v.stringValue();
    }

    private TranscriptException error(String message) {
        return new TranscriptException(file, lineNo, message);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
