package dev.mcppol.policytests;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.json.YamlTokens;
import dev.mcppol.runtime.model.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a hand-written case file ({@code *.cases.yaml}): a list of calls with expectations, the
 * compact way to test a policy without recording a session. Either a bare list, or a mapping with
 * {@code session} / {@code identity} / {@code claims} defaults (written before {@code cases}) and {@code cases}:
 *
 * <pre>
 * session: s1
 * identity: alice
 * claims: {groups: [analysts], tenant: acme}
 * cases:
 *   - call: {tool: read_file, args: {path: /etc/passwd}, at: 1000}
 *     expect: deny
 *   - call: {tool: read_file, args: {path: /workspace/a.ipynb}}
 *     expect: {outcome: allow, rule: workspace_reads}
 * </pre>
 *
 * Parsed with the streaming YAML parser, one case at a time, so every error names the case's own
 * {@code file:line:col} and unknown keys are errors (a misspelt {@code expect} must not pass).
 * Scalars are read as the Intercept importer reads them ({@link YamlTokens}): {@code True}, {@code ~},
 * {@code 0x10}, {@code yes} unquoted are refused as ambiguous, not read as strings.
 */
public final class CaseFileReader implements RecordSource {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final String file;
    private final JsonParser p;
    /** The same tokens, each key and plain scalar read as every YAML file mcppol reads is (YamlScalars). */
    private final YamlTokens y;
    private String session;
    private String identity;
    private JsonNode claims;
    private long lastAt;
    private int nextId = 1;
    /** True while the parser sits inside the list of cases. */
    private boolean inCases;
    private boolean done;
    private boolean mappingForm;

    public static boolean isCaseFile(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".cases.yaml") || n.endsWith(".cases.yml");
    }

    public CaseFileReader(Path path) throws IOException, TranscriptException {
        this.file = path.toString();
        String name = path.getFileName().toString();
        this.session = name.substring(0, name.indexOf(".cases."));
        String text = Files.readString(path, StandardCharsets.UTF_8);
        this.p = YAML.createParser(text);
        this.y = new YamlTokens(p, text);
        try {
            JsonToken t = y.next();
            if (t == JsonToken.START_ARRAY) {
                inCases = true;
            } else if (t == JsonToken.START_OBJECT) {
                mappingForm = true;
                readTopLevelKeys();
            } else {
                throw error(p.currentTokenLocation(), t == null ? "the file is empty: expected a list of cases"
                        : "expected a list of cases, or a mapping with session, identity and cases");
            }
        } catch (JacksonException e) {
            throw yamlError(e);
        }
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public TranscriptRecord next() throws TranscriptException {
        try {
            while (!done) {
                if (!inCases) {
                    readTopLevelKeys();
                    continue;
                }
                JsonToken t = y.next();
                if (t == JsonToken.END_ARRAY) {
                    inCases = false;
                    if (!mappingForm) {
                        expectEnd();
                    }
                    continue;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw error(p.currentTokenLocation(), "a case must be a mapping with call and expect");
                }
                return readCase();
            }
            return null;
        } catch (JacksonException e) {
            throw yamlError(e);
        }
    }

    /** Reads top-level keys up to the start of {@code cases} (or the end of the mapping). */
    private void readTopLevelKeys() throws TranscriptException {
        JsonToken t;
        while ((t = y.next()) == JsonToken.PROPERTY_NAME) {
            TokenStreamLocation at = p.currentTokenLocation();
            String key = p.currentName();
            switch (key) {
                case "session" -> session = stringOrNull(at, key);
                case "identity" -> identity = stringOrNull(at, key);
                case "claims" -> claims = claimsOrNull(at);
                case "cases" -> {
                    if (y.next() != JsonToken.START_ARRAY) {
                        throw error(p.currentTokenLocation(), "\"cases\" must be a list");
                    }
                    inCases = true;
                    return;
                }
                default -> throw error(at, "unknown key \"" + key + "\"" + didYouMean(key, List.of("session", "identity", "claims", "cases")) + " (known: session, identity, claims, cases)");
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw error(p.currentTokenLocation(), "expected a key");
        }
        expectEnd();
    }

    private void expectEnd() throws TranscriptException {
        if (y.next() != null) {
            throw error(p.currentTokenLocation(), "unexpected content after the cases (one YAML document per file)");
        }
        done = true;
    }

    private TranscriptRecord readCase() throws TranscriptException {
        TokenStreamLocation start = p.currentTokenLocation();
        ObjectNode msg = null;
        String s = session;
        String id = identity;
        JsonNode cl = claims;
        long at = lastAt;
        Expectation expect = null;
        String answer = null;
        Set<String> seen = new HashSet<>();
        while (y.next() == JsonToken.PROPERTY_NAME) {
            TokenStreamLocation keyAt = p.currentTokenLocation();
            String key = p.currentName();
            if (!seen.add(key)) {
                throw error(keyAt, "duplicate key \"" + key + "\"");
            }
            if (key.equals("call")) {
                if (y.next() != JsonToken.START_OBJECT) {
                    throw error(p.currentTokenLocation(), "\"call\" must be a mapping: {tool, args, session, identity, claims, at}");
                }
                CallFields c = readCall(keyAt, s, id, cl, at);
                msg = c.msg;
                s = c.session;
                id = c.identity;
                cl = c.claims;
                at = c.at;
            } else if (key.equals("expect")) {
                expect = readExpect();
            } else if (key.equals("approval")) {
                JsonToken v = y.next();
                String word = v == JsonToken.VALUE_STRING ? p.getString() : null;
                if (word == null || !(word.equals("approve") || word.equals("deny") || word.equals("timeout"))) {
                    throw error(keyAt, "\"approval\" is what the user answers when the call is asked: approve, deny or"
                            + " timeout");
                }
                answer = word;
            } else {
                throw error(keyAt, "unknown case key \"" + key + "\"" + didYouMean(key, List.of("call", "expect", "approval")) + " (known: call, expect, approval)");
            }
        }
        if (msg == null) {
            throw error(start, "a case needs \"call\"");
        }
        lastAt = at;
        return new TranscriptRecord(start.getLineNr(), at, true, msg, s, id, expect, null, answer, cl);
    }

    private static final class CallFields {
        ObjectNode msg;
        String session;
        String identity;
        JsonNode claims;
        long at;
    }

    /** A mapping of verified token claims, or null; the parser sits on the key. */
    private JsonNode claimsOrNull(TokenStreamLocation keyAt) throws TranscriptException {
        JsonToken t = y.next();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonNode v = y.tree();
        if (v == null || !v.isObject()) {
            throw error(keyAt, "\"claims\" must be a mapping of claim names to values (the verified token's claims)");
        }
        return v;
    }

    private CallFields readCall(TokenStreamLocation callAt, String s, String id, JsonNode cl, long at)
            throws TranscriptException {
        CallFields c = new CallFields();
        c.session = s;
        c.identity = id;
        c.claims = cl;
        c.at = at;
        String tool = null;
        JsonNode args = Json.NODES.objectNode();
        Set<String> seen = new HashSet<>();
        while (y.next() == JsonToken.PROPERTY_NAME) {
            TokenStreamLocation keyAt = p.currentTokenLocation();
            String key = p.currentName();
            if (!seen.add(key)) {
                throw error(keyAt, "duplicate key \"" + key + "\"");
            }
            switch (key) {
                case "tool" -> {
                    tool = stringOrNull(keyAt, key);
                    if (tool == null) {
                        throw error(keyAt, "\"tool\" must be a tool name");
                    }
                }
                case "args" -> {
                    y.next();
                    args = y.tree();
                    if (!args.isObject()) {
                        throw error(keyAt, "\"args\" must be a mapping of argument names to values");
                    }
                }
                case "session" -> c.session = stringOrNull(keyAt, key);
                case "identity" -> c.identity = stringOrNull(keyAt, key);
                case "claims" -> c.claims = claimsOrNull(keyAt);
                case "at" -> {
                    JsonToken t = y.next();
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                        throw error(p.currentTokenLocation(), "\"at\" must be a non-negative integer (milliseconds)");
                    }
                    long v = p.getLongValue();
                    if (v < lastAt) {
                        throw error(p.currentTokenLocation(), "\"at\" goes backwards: " + v + " after " + lastAt);
                    }
                    c.at = v;
                }
                default -> throw error(keyAt, "unknown call key \"" + key + "\"" + didYouMean(key, List.of("tool", "args", "session", "identity", "claims", "at")) + " (known: tool, args, session, identity, claims, at)");
            }
        }
        if (tool == null) {
            throw error(callAt, "\"call\" needs \"tool\"");
        }
        ObjectNode params = Json.NODES.objectNode();
        params.put("name", tool);
        params.set("arguments", args);
        c.msg = Json.NODES.objectNode();
        c.msg.put("jsonrpc", "2.0");
        c.msg.put("id", nextId++);
        c.msg.put("method", "tools/call");
        c.msg.set("params", params);
        return c;
    }

    private Expectation readExpect() throws TranscriptException {
        JsonToken t = y.next();
        TokenStreamLocation at = p.currentTokenLocation();
        if (t == JsonToken.VALUE_STRING) {
            return new Expectation(outcome(at, p.getString()), null, null);
        }
        if (t != JsonToken.START_OBJECT) {
            throw error(at, "\"expect\" must be an outcome (allow, deny, limit, ask) or {outcome, rule, reason}");
        }
        Outcome outcome = null;
        String rule = null;
        String reason = null;
        while (y.next() == JsonToken.PROPERTY_NAME) {
            TokenStreamLocation keyAt = p.currentTokenLocation();
            String key = p.currentName();
            switch (key) {
                case "outcome" -> {
                    String w = stringOrNull(keyAt, key);
                    outcome = outcome(keyAt, w == null ? "null" : w);
                }
                case "rule" -> rule = stringOrNull(keyAt, key);
                case "reason" -> reason = stringOrNull(keyAt, key);
                default -> throw error(keyAt, "unknown expect key \"" + key + "\"" + didYouMean(key, List.of("outcome", "rule", "reason")) + " (known: outcome, rule, reason)");
            }
        }
        if (outcome == null) {
            throw error(at, "\"expect\" needs \"outcome\"");
        }
        return new Expectation(outcome, rule, reason);
    }

    private Outcome outcome(TokenStreamLocation at, String word) throws TranscriptException {
        try {
            return Outcome.fromWord(word);
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    /** The scalar after the current key: a string, or null for YAML null (numbers are refused: ids are text). */
    private String stringOrNull(TokenStreamLocation keyAt, String key) throws TranscriptException {
        JsonToken t = y.next();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw error(p.currentTokenLocation(), "\"" + key + "\" must be a string");
        }
        return p.getString();
    }

    private TranscriptException error(TokenStreamLocation at, String message) {
        return new TranscriptException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), message);
    }

    private TranscriptException yamlError(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        if (e instanceof YamlTokens.Ambiguous) {
            return error(at, e.getOriginalMessage());
        }
        return error(at, "not valid YAML: " + e.getOriginalMessage());
    }

    @Override
    public void close() throws IOException {
        p.close();
    }

    private static String didYouMean(String key, List<String> known) {
        String near = dev.mcppol.runtime.model.Suggestions.closest(key, known);
        return near != null ? ": did you mean \"" + near + "\"?" : "";
    }
}
