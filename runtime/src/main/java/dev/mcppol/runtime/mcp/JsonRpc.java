package dev.mcppol.runtime.mcp;

import dev.mcppol.runtime.json.FastJson;
import dev.mcppol.runtime.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 message shapes the proxy reads and writes. */
public final class JsonRpc {
    private JsonRpc() {
    }

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    /** JSON-RPC's internal error: the proxy could not pass a request on (the server is not reading). */
    public static final int INTERNAL_ERROR = -32603;
    /** A message over the proxy's size limit: the pending request is answered with this instead. */
    public static final int MESSAGE_TOO_LARGE = -32014;
    /** The proxy's own: too many requests of the session wait for the server; this one was not forwarded. */
    public static final int TOO_MANY_PENDING = -32015;
    /**
     * The proxy's answer to a call the policy sends to a person ({@code ask}). In the range MCP leaves
     * to implementations (-32000…-32099), inside the -32000…-32019 band mcppol reserves, and away from
     * the codes the MCP SDKs already use (-32000 connection closed, -32001 request timeout).
     */
    public static final int APPROVAL_REQUIRED = -32011;
    /** A request other than tools/call (resources/read, prompts/get, sampling, …) that the policy refuses. */
    public static final int DENIED = -32012;

    /** Key under which a decision travels in {@code _meta} (results) or {@code data} (errors). */
    public static final String META_KEY = "mcppol/decision";

    public static boolean isRequest(JsonNode msg) {
        return msg.has("method") && msg.has("id");
    }

    public static boolean isResponse(JsonNode msg) {
        return !msg.has("method") && msg.has("id") && (msg.has("result") || msg.has("error"));
    }

    public static String method(JsonNode msg) {
        JsonNode m = msg.get("method");
        return m != null && m.isString() ? m.stringValue() : null;
    }

    /**
     * A stable text for an id, to match a response to its request ({@code 1} and {@code "1"} differ):
     * the id as JSON text.
     */
    public static String idKey(JsonNode id) {
        if (id == null) {
            return null;
        }
        // The common ids written directly, exactly as the serializer would: ids are keyed on every message.
        if (id.isString()) {
            String v = id.stringValue();
            if (plain(v)) {
                return '"' + v + '"';
            }
        } else if (id.isInt() || id.isLong()) {
            return Long.toString(id.longValue());
        }
        return id.toString();
    }

    /** True when the JSON string {@code v} is written without escapes. */
    private static boolean plain(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    public static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode err = Json.NODES.objectNode();
        err.put("code", code);
        err.put("message", message);
        if (data != null) {
            err.set("data", data);
        }
        ObjectNode msg = Json.NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.set("id", id == null ? Json.NODES.nullNode() : id);
        msg.set("error", err);
        return msg;
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode msg = Json.NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.set("id", id);
        msg.set("result", result);
        return msg;
    }

    public static byte[] bytes(JsonNode msg) {
        // The mapper's exact bytes, written without its generator where FastJson can (every message the proxy writes again)
        byte[] fast = FastJson.write(msg);
        return fast != null ? fast : Json.MAPPER.writeValueAsBytes(msg);
    }
}
