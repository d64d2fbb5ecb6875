package dev.mcppol.runtime.mcp;

import dev.mcppol.runtime.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a {@code tools/call} request a decision needs. A request whose params cannot be read
 * is kept with its problem, so callers deny it (fail closed) instead of passing it on.
 *
 * @param problem null when the request is well formed; then {@code tool} and {@code arguments} are set
 */
public record ToolCallRequest(JsonNode id, String tool, JsonNode arguments, String problem) {

    public static final String METHOD = "tools/call";

    public static boolean isToolCall(JsonNode msg) {
        return msg != null && msg.isObject() && METHOD.equals(msg.path("method").asString(null));
    }

    /**
     * True when the message is a request that can be answered: its id is a string or an integer. A
     * {@code tools/call} without one (a notification) gets no answer, so the proxy drops it undecided.
     */
    public static boolean isRequest(JsonNode msg) {
        JsonNode id = msg.get("id");
        return id != null && (id.isString() || id.isIntegralNumber());
    }

    /** Reads a message already known to be a {@code tools/call}. */
    public static ToolCallRequest of(JsonNode msg) {
        JsonNode id = msg.get("id");
        JsonNode params = msg.get("params");
        if (params == null || !params.isObject()) {
            return new ToolCallRequest(id, null, null, "tools/call without a params object");
        }
        JsonNode name = params.get("name");
        if (name == null || !name.isString() || name.stringValue().isEmpty()) {
            return new ToolCallRequest(id, null, null, "tools/call without a tool name");
        }
        JsonNode args = params.get("arguments");
        if (args == null || args.isNull()) {
            args = Json.NODES.objectNode();
        } else if (!args.isObject()) {
            return new ToolCallRequest(id, name.stringValue(), null, "tools/call arguments are not an object");
        }
        return new ToolCallRequest(id, name.stringValue(), args, null);
    }

    public boolean wellFormed() {
        return problem == null;
    }
}
