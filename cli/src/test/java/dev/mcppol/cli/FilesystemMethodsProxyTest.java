package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * server-filesystem (the version pinned in testservers/package.json, 2026.8.31) behind the proxy, driven
 * by the official MCP Java SDK client, for the methods besides tools/call.
 *
 * <p>It offers <em>no resources</em>: its dist/index.js registers tools only (no registerResource,
 * resource template or prompt), its initialize result declares neither {@code resources} nor
 * {@code prompts}, and {@code resources/list} is answered "method not found" — checked here, so a new
 * pinned version that starts offering resources fails this test and gets a resources test of its own.
 * What it does use is {@code roots/list}: told the client has roots, it asks for them and replaces its
 * allowed directories with them. A {@code client roots} rule decides that request: denied, the server
 * never learns the client's folders and keeps the directory it was started with.
 */
class FilesystemMethodsProxyTest {

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static Path filesystemJs() {
        Path js = repo().resolve("testservers/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
        if (!Files.isRegularFile(js)) {
            throw new AssertionError("MCP test server not installed: " + js + "; run (cd testservers && npm ci --no-audit --no-fund)");
        }
        return js;
    }

    private static McpSyncClient client(Path policy, Path log, Path started, Path root) {
        List<String> cmd = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                ProxyCommandTest.class.getName(), "--policy", policy.toString(), "--log", log.toString(), "--",
                "node", filesystemJs().toString(), started.toString()));
        ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()).args(cmd).build();
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> { });
        return McpClient.sync(t).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("mcppol-filesystem-methods-test", "0.0.1"))
                .capabilities(McpSchema.ClientCapabilities.builder().roots(true).build())
                .roots(new McpSchema.Root(root.toUri().toString(), "client root"))
                .build();
    }

    private static String allowedDirectories(McpSyncClient c) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("list_allowed_directories", Map.of()));
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    /** Waits (bounded) until the decision log holds a roots decision with this outcome. */
    private static void awaitRootsDecision(Path log, String outcome) throws Exception {
        awaitTrue(() -> {
            try {
                if (!Files.exists(log)) {
                    return false;
                }
                for (String line : Files.readAllLines(log)) {
                    JsonNode e = Json.MAPPER.readTree(line);
                    if (e.path("kind").asString().equals("roots") && e.path("outcome").asString().equals(outcome)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }, "a roots/list decision '" + outcome + "' in " + log);
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void offersNoResourcesAndAskingForTheClientsRootsIsDecided(@TempDir Path dir) throws Exception {
        Path started = Files.createDirectories(dir.resolve("started")).toRealPath();
        Path root = Files.createDirectories(dir.resolve("client-root")).toRealPath();

        Path deny = Files.writeString(dir.resolve("deny.mcppol"), """
                policy fs
                default allow
                default resources deny
                client roots { deny reason "the server does not learn the user's folders" }
                """);
        Path denyLog = dir.resolve("deny.jsonl");
        try (McpSyncClient c = client(deny, denyLog, started, root)) {
            McpSchema.InitializeResult init = c.initialize();
            assertThat(init.capabilities().resources()).as("server-filesystem declares resources").isNull();
            assertThat(init.capabilities().prompts()).as("server-filesystem declares prompts").isNull();
            awaitRootsDecision(denyLog, "deny");
            String dirs = allowedDirectories(c);
            assertThat(dirs).contains(started.toString()).doesNotContain(root.toString());
        }

        // Asked anyway, through the proxy, the server answers that it has no such method.
        Process p = NoBypassProxyTest.proxy(List.of("--policy", deny.toString(), "--", "node", filesystemJs().toString(),
                started.toString()));
        try {
            List<String> replies = StdioLines.exchange(p, List.of(INIT,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/templates/list\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}"));
            for (String reply : replies.subList(1, 4)) {
                assertThat(Json.MAPPER.readTree(reply).path("error").path("code").asInt()).as(reply).isEqualTo(-32601);
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }

        Path allow = Files.writeString(dir.resolve("allow.mcppol"), """
                policy fs
                default allow
                client roots { allow }
                """);
        Path allowLog = dir.resolve("allow.jsonl");
        try (McpSyncClient c = client(allow, allowLog, started, root)) {
            c.initialize();
            awaitRootsDecision(allowLog, "allow");
            awaitTrue(() -> allowedDirectories(c).contains(root.toString()), "the client's root among the server's"
                    + " allowed directories");
        }
    }
}
