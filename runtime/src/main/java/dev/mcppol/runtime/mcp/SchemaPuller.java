package dev.mcppol.runtime.mcp;

import dev.mcppol.runtime.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Takes a {@code tools/list} snapshot of an MCP server, started as a stdio command or reached over
 * Streamable HTTP: {@code initialize} (no capabilities, so the server lists the tools any plain client
 * sees), {@code notifications/initialized}, then {@code tools/list} page by page following
 * {@code nextCursor}. The server is stopped (its HTTP session ended) afterwards, whatever happened.
 */
public final class SchemaPuller {

    public static final String PROTOCOL_VERSION = "2025-11-25";
    /** A server that keeps handing out cursors is not going to finish. */
    private static final int MAX_PAGES = 1000;

    private SchemaPuller() {
    }

    /** @return {@code {"tools":[...]}}, ready to be written as a schema file */
    public static JsonNode pull(List<String> command, Duration timeout, String clientVersion)
            throws StdioJsonRpcClient.RpcException {
        long deadline = StdioJsonRpcClient.deadline(timeout);
        try (StdioJsonRpcClient client = StdioJsonRpcClient.start(command)) {
            return pull(client, deadline, clientVersion);
        }
    }

    /** The same snapshot from a server reached over Streamable HTTP at {@code endpoint}; its session is ended afterwards. */
    public static JsonNode pull(URI endpoint, Duration timeout, String clientVersion)
            throws StdioJsonRpcClient.RpcException {
        long deadline = StdioJsonRpcClient.deadline(timeout);
        try (StreamableHttpClient client = StreamableHttpClient.open(endpoint, timeout)) {
            return pull(client, deadline, clientVersion);
        }
    }

    private static JsonNode pull(McpChannel client, long deadline, String clientVersion)
            throws StdioJsonRpcClient.RpcException {
        ObjectNode init = Json.NODES.objectNode();
        init.put("protocolVersion", PROTOCOL_VERSION);
        init.putObject("capabilities");
        ObjectNode info = init.putObject("clientInfo");
        info.put("name", "mcppol");
        info.put("version", clientVersion);
        JsonNode initialized = client.request("initialize", init, deadline);
        client.notify("notifications/initialized", null);
        JsonNode capabilities = initialized == null ? null : initialized.get("capabilities");
        ArrayNode tools = Json.NODES.arrayNode();
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.NODES.objectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = client.request("tools/list", params, deadline);
            JsonNode list = result.get("tools");
            if (list == null || !list.isArray()) {
                throw new StdioJsonRpcClient.RpcException("the server's tools/list result has no \"tools\" array");
            }
            list.forEach(tools::add);
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull()) {
                ObjectNode snapshot = Json.NODES.objectNode();
                snapshot.set("tools", tools);
                // The same checks a policy's schema file gets: names present and unique.
                try {
                    ToolCatalog.parse(snapshot);
                } catch (IllegalArgumentException e) {
                    throw new StdioJsonRpcClient.RpcException("the server's tool list is unusable: "
                            + e.getMessage());
                }
                // What else the server offers, so `check` can validate resource globs and prompt rules.
                if (capabilities != null && capabilities.has("resources")) {
                    snapshot.set("resources", pages(client, "resources/list", "resources", deadline));
                    snapshot.set("resourceTemplates", pages(client, "resources/templates/list", "resourceTemplates",
                            deadline));
                }
                if (capabilities != null && capabilities.has("prompts")) {
                    snapshot.set("prompts", pages(client, "prompts/list", "prompts", deadline));
                }
                return snapshot;
            }
            cursor = next.asString();
            if (!seenCursors.add(cursor)) {
                throw new StdioJsonRpcClient.RpcException("the server's tools/list pages loop (cursor "
                        + cursor + " came twice)");
            }
        }
        throw new StdioJsonRpcClient.RpcException("the server's tools/list has more than " + MAX_PAGES + " pages");
    }

    /** Every page of a list method, following {@code nextCursor}. */
    private static ArrayNode pages(McpChannel client, String method, String key, long deadline)
            throws StdioJsonRpcClient.RpcException {
        ArrayNode all = Json.NODES.arrayNode();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.NODES.objectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = client.request(method, params, deadline);
            JsonNode list = result.get(key);
            if (list == null || !list.isArray()) {
                throw new StdioJsonRpcClient.RpcException("the server's " + method + " result has no \"" + key
                        + "\" array");
            }
            list.forEach(all::add);
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull()) {
                return all;
            }
            cursor = next.asString();
            if (!seen.add(cursor)) {
                throw new StdioJsonRpcClient.RpcException("the server's " + method + " pages loop (cursor " + cursor
                        + " came twice)");
            }
        }
        throw new StdioJsonRpcClient.RpcException("the server's " + method + " has more than " + MAX_PAGES + " pages");
    }
}
