package dev.mcppol.runtime.proxy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The official MCP Java SDK as the agent. */
final class SdkClients {
    private SdkClients() {
    }

    static McpSyncClient stdio(List<String> command, Consumer<String> stderr) {
        ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(stderr::accept);
        return build(t);
    }

    static McpSyncClient http(URI endpoint, Map<String, String> headers) {
        String base = endpoint.getScheme() + "://" + endpoint.getHost() + ":" + endpoint.getPort();
        HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint.getPath())
                .requestBuilder(requestWith(headers)).build();
        return build(t);
    }

    private static java.net.http.HttpRequest.Builder requestWith(Map<String, String> headers) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder();
        headers.forEach(b::header);
        return b;
    }

    private static McpSyncClient build(McpClientTransport t) {
        // Upper bounds only (a reply ends the wait): on a shared, loaded machine starting the proxy's JVM
        // and node can take longer than 20 s.
        return McpClient.sync(t).requestTimeout(Duration.ofSeconds(90)).initializationTimeout(Duration.ofSeconds(90))
                .clientInfo(new McpSchema.Implementation("mcppol-proxy-test", "0.0.1")).build();
    }

    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    static List<String> toolNames(McpSyncClient c) {
        return c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }
}
