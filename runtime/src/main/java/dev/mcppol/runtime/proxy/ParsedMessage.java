package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.json.FastJson;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One message read off the wire. Parsing is strict (duplicate keys are an error, since the server
 * might read the other copy than the policy did); a lenient second parse only recovers the id, so the
 * refusal can still be addressed to the request.
 *
 * @param message the parsed object, or null when refused
 * @param problem why it was refused (null when accepted)
 * @param code    the JSON-RPC error code of the refusal
 * @param id      the request id, where one could be recovered
 */
public record ParsedMessage(JsonNode message, String problem, int code, JsonNode id) {

    private static final JsonMapper LENIENT = Json.MAPPER.rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public boolean ok() {
        return message != null;
    }

    public static ParsedMessage parse(byte[] bytes, int off, int len) {
        // The common messages are read without the mapper's machinery, to the same tree (FastJson never
        // vouches for bytes with a NUL); anything the fast reader cannot vouch for is read as before.
        JsonNode fast = FastJson.readObject(bytes, off, len);
        if (fast != null) {
            return new ParsedMessage(fast, null, 0, fast.get("id"));
        }
        if (!utf8Only(bytes, off, len)) {
            return refused(JsonRpc.PARSE_ERROR, "parse error: a NUL byte; messages are UTF-8 JSON (UTF-16 and UTF-32 "
                    + "are not accepted: a server reads UTF-8)", null);
        }
        JsonNode node;
        try {
            node = Json.tree(() -> Json.MAPPER.readTree(bytes, off, len));
        } catch (JacksonException e) {
            JsonNode lenient = null;
            try {
                lenient = Json.tree(() -> LENIENT.readTree(bytes, off, len));
            } catch (JacksonException ignored) {
                // not JSON at all: a parse error with no id
            }
            if (lenient != null) {
                return refused(JsonRpc.INVALID_REQUEST, "invalid request: " + withoutContent(e), idOf(lenient));
            }
            return refused(JsonRpc.PARSE_ERROR, "parse error: " + withoutContent(e), null);
        }
        if (node == null || node.isMissingNode()) {
            return refused(JsonRpc.PARSE_ERROR, "parse error: empty message", null);
        }
        if (node.isArray()) {
            return refused(JsonRpc.INVALID_REQUEST,
                    "invalid request: JSON-RPC batches are not accepted by this proxy (send one message at a time)", null);
        }
        if (!node.isObject()) {
            return refused(JsonRpc.INVALID_REQUEST, "invalid request: a message must be a JSON object", null);
        }
        return new ParsedMessage(node, null, 0, node.get("id"));
    }

    public static ParsedMessage refused(int code, String problem, JsonNode id) {
        return new ParsedMessage(null, problem, code, id);
    }

    /**
     * Whether the JSON parser will read these bytes as UTF-8, the encoding MCP servers read. Jackson
     * detects UTF-16 and UTF-32 by their NUL bytes and would decide on text the server decodes
     * otherwise; UTF-8 JSON never holds a NUL byte (NUL in a string must be escaped), so refusing any
     * NUL leaves UTF-8 as the only reading. Invalid UTF-8 (overlong forms, surrogates, stray bytes)
     * the parser refuses itself.
     */
    static boolean utf8Only(byte[] bytes, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The parser's complaint without the message's own content: Jackson quotes the offending token or
     * key ("Unrecognized token 'hunter2'"), and an agent may have typed a password as a bare word.
     * Quoted parts become {@code '…'}; the position says where to look.
     */
    static String withoutContent(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        m = m.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\(code \\d+\\)", "");
        if (m.length() > 200) {
            m = m.substring(0, 200) + "…";
        }
        tools.jackson.core.TokenStreamLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? m : m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static JsonNode idOf(JsonNode n) {
        JsonNode id = n.isObject() ? n.get("id") : null;
        return id != null && (id.isString() || id.isIntegralNumber()) ? id : null;
    }
}
