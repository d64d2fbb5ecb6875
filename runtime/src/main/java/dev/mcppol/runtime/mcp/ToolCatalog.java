package dev.mcppol.runtime.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The tools of a {@code tools/list} answer, by name: the {@code result}, or the whole JSON-RPC response. */
public final class ToolCatalog {
    private ToolCatalog() {
    }

    /**
     * Tool name to its entry ({@code name}, {@code description}, {@code inputSchema} …).
     *
     * @throws IllegalArgumentException naming what is wrong when the document is not a tools/list answer
     */
    public static Map<String, JsonNode> parse(JsonNode doc) {
        JsonNode result = doc != null && doc.has("result") && doc.has("jsonrpc") ? doc.get("result") : doc;
        if (result == null || !result.isObject() || !result.has("tools") || !result.get("tools").isArray()) {
            throw new IllegalArgumentException("not a tools/list result: expected an object with a \"tools\" array");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode tool : result.get("tools")) {
            JsonNode name = tool.get("name");
            if (name == null || !name.isString()) {
                throw new IllegalArgumentException("tools[" + i + "] has no string \"name\"");
            }
            if (out.put(name.stringValue(), tool) != null) {
                throw new IllegalArgumentException("tool " + name.stringValue() + " is listed twice");
            }
            i++;
        }
        return out;
    }
}
