package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.model.Outcome;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Streams the records of a transcript v1 file (JSON Lines), one at a time, so a transcript of any
 * size replays in constant memory. Every format error names the file and line.
 */
public final class TranscriptReader implements java.io.Closeable {

    private final String file;
    private final CharLines in;
    /** Lines are first scanned ({@link #scanned}); false reads each as a tree. */
    private final boolean scan;
    private final DistinctKeys keys = new DistinctKeys();
    private final RecordScan hand = new RecordScan();
    private int lineNo;
    private long lastT;
    private String session;
    private String identity;
    private JsonNode claims;
    private long approvalTimeoutMillis;
    private boolean headerAllowed = true;

    public TranscriptReader(Path path) throws IOException {
        // As Files.newBufferedReader reads it: UTF-8, a malformed byte an error.
        this(path, new CharLines(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder())),
                true);
    }

    /** The file name that reports and errors show. */
    public String file() {
        return file;
    }

    /** The next record, or null at the end of the file. */
    public TranscriptRecord next() throws IOException, TranscriptException {
        while (in.next()) {
            TranscriptRecord r = parseLine(in.buf(), in.start(), in.end(), null);
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
        return parseLine(line.toCharArray(), 0, line.length(), line);
    }

    /**
     * Reads the line {@code chars[from, to)}; {@code text} is that line as a string, or null when it is
     * yet to be made (most lines never need one).
     */
    private TranscriptRecord parseLine(char[] chars, int from, int to, String text) throws TranscriptException {
        lineNo++;
        if (blank(chars, from, to)) {
            return null;
        }
        TranscriptRecord scanned = scan ? handScanned(chars, from, to, text) : null;
        if (scanned != null) {
            lastT = scanned.t();
            headerAllowed = false;
            return scanned;
        }
        String line = text != null ? text : new String(chars, from, to - from);
        scanned = scan ? scanned(line) : null;
        if (scanned != null) {
            lastT = scanned.t();
            headerAllowed = false;
            return scanned;
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

    /**
     * The record a message line holds as {@link RecordScan} reads it, character by character: for the
     * plainest lines in the shapes the proxy records, what {@link #scanned} gives, for less; null when
     * it gives up, changing nothing.
     */
    TranscriptRecord handScanned(String line) {
        return handScanned(line.toCharArray(), 0, line.length(), line);
    }

    private TranscriptRecord handScanned(char[] chars, int from, int to, String text) {
        if (to - from >= MAX_SCANNED_CHARS || !hand.read(chars, from, to, lastT)) {
            return null;
        }
        long t = hand.hasT ? hand.t : lastT;
        String s = hand.hasSession ? hand.session : session;
        String id = hand.hasIdentity ? hand.identity : identity;
        JsonNode c = hand.hasClaims ? hand.claims : claims;
        if (hand.msg == null) {
            return new TranscriptRecord(lineNo, t, false, null, s, id, null, null, null, c, null, approvalTimeoutMillis,
                    RecordedAnswer.of(hand.answerId, hand.own, text != null ? text : new String(chars, from, to - from)));
        }
        if (!isJsonRpcMessage(hand.msg)) {
            return null;
        }
        try {
            return message(t, true, hand.msg, s, id, c, null,
                    hand.expect == null ? null : Json.NODES.stringNode(hand.expect));
        } catch (TranscriptException e) {
            return null; // the tree reading reports it
        }
    }

    /**
     * The record a message line holds, read in one streaming pass without building trees but for the
     * client's messages (what the handler reads) and claims; a server's answer is skimmed
     * ({@link RecordedAnswer}). Only lines in the shapes the proxy records are read here, and only when
     * they are valid: for anything else (a header, an approval, an {@code argumentsHash}, an object-form
     * {@code expect}, {@code dir} after {@code msg}, an error of any kind) this gives null and changes nothing, and the tree
     * reading above decides, its errors included. What it gives is what the tree reading gives.
     */
    TranscriptRecord scanned(String line) {
        if (line.length() >= MAX_SCANNED_CHARS) {
            return null;
        }
        try (JsonParser p = keys.watch(SCAN.createParser(line))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            long t = lastT;
            int dir = 0; // 1 c2s, 2 s2c
            JsonNode msg = null;
            RecordedAnswer answer = null;
            String s = session;
            String id = identity;
            JsonNode c = claims;
            JsonNode expect = null;
            JsonToken next;
            while ((next = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "t" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                || p.getLongValue() < lastT) {
                            return null;
                        }
                        t = p.getLongValue();
                    }
                    case "dir" -> {
                        String d = v == JsonToken.VALUE_STRING ? p.getString() : "";
                        dir = d.equals(TranscriptFormat.C2S) ? 1 : d.equals(TranscriptFormat.S2C) ? 2 : 0;
                        if (dir == 0) {
                            return null;
                        }
                    }
                    case "session", "identity" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                        String value = v == JsonToken.VALUE_NULL ? null : p.getString();
                        if (name.equals("session")) {
                            s = value;
                        } else {
                            id = value;
                        }
                    }
                    case "claims" -> {
                        if (v != JsonToken.VALUE_NULL && v != JsonToken.START_OBJECT) {
                            return null;
                        }
                        c = v == JsonToken.VALUE_NULL ? null : StreamedTree.read(p);
                    }
                    case "expect" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        expect = Json.NODES.stringNode(p.getString());
                    }
                    case "msg" -> {
                        if (dir == 0 || v != JsonToken.START_OBJECT) {
                            return null;
                        }
                        if (dir == 1) {
                            msg = StreamedTree.read(p);
                        } else if ((answer = RecordedAnswer.skim(p, line)) == null) {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (next != JsonToken.END_OBJECT || p.nextToken() != null || (msg == null && answer == null)) {
                return null;
            }
            if (answer != null) {
                return expect != null ? null : new TranscriptRecord(lineNo, t, false, null, s, id, null, null, null, c,
                        null, approvalTimeoutMillis, answer);
            }
            return isJsonRpcMessage(msg) ? message(t, true, msg, s, id, c, null, expect) : null;
        } catch (RuntimeException | TranscriptException e) {
            return null; // the tree reading reports it
        }
    }

    /**
     * The mapper the scan reads with: {@link Json#MAPPER} but for its duplicate-key check, which
     * {@link DistinctKeys} makes instead (for less).
     */
    private static final tools.jackson.databind.json.JsonMapper SCAN = Json.MAPPER.rebuild()
            .disable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Lines this long are read as trees: a string the scan skips is not held against the parser's
     * limit on string length, which the tree reading enforces.
     */
    private static final int MAX_SCANNED_CHARS = Json.MAPPER.tokenStreamFactory().streamReadConstraints()
            .getMaxStringLength();

    /** A reader that is fed lines through {@link #parseLine} instead of reading the file itself. */
    public static TranscriptReader lineFed(Path path) throws IOException {
        return new TranscriptReader(path, null, true);
    }

    /** A line-fed reader that reads every line as a tree: the reference the streaming scan is held to. */
    static TranscriptReader treeOnly(Path path) {
        return new TranscriptReader(path, null, false);
    }

    private TranscriptReader(Path path, CharLines in, boolean scan) {
        this.file = path.toString();
        this.in = in;
        this.scan = scan;
        this.session = defaultSession(path);
    }

    /** Whether the line is blank as {@link String#isBlank} has it. */
    private static boolean blank(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            // (a surrogate is no white space, nor is any character beyond the BMP)
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
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
        return message(t, c2s, msg, s, id, c, hash, node.get("expect"));
    }

    /**
     * A message record, its members already read ({@code hash}: its {@code argumentsHash}, or null;
     * {@code expect}: the member's value, or null without one).
     */
    private TranscriptRecord message(long t, boolean c2s, JsonNode msg, String s, String id, JsonNode c, String hash,
                                     JsonNode expect) throws TranscriptException {
        if (expect != null && c2s && dev.mcppol.runtime.handler.CallHandler.isApprovalAnswer(msg)) {
            // the user's answer to the proxy's approval question decides the held call
            return new TranscriptRecord(lineNo, t, c2s, msg, s, id, expectation(expect), null, null, c, null,
                    approvalTimeoutMillis);
        }
        Expectation e = null;
        if (expect != null) {
            if (!expectable(c2s, msg)) {
                throw error("\"expect\" belongs only on decided requests: c2s tools/call, resources/read,"
                        + " resources/subscribe, prompts/get, completion/complete; s2c sampling/createMessage,"
                        + " elicitation/create, roots/list");
            }
            if (!ToolCallRequest.isRequest(msg)) {
                throw error("\"expect\" on a tools/call without an id: the proxy drops such a notification"
                        + " unanswered and undecided, so there is nothing to expect");
            }
            e = expectation(expect);
        }
        return new TranscriptRecord(lineNo, t, c2s, msg, s, id, e, null, null, c, hash, approvalTimeoutMillis);
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
