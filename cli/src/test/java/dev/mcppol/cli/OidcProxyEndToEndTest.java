package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.policytests.ReplayReport;
import dev.mcppol.policytests.TestRunner;
import dev.mcppol.runtime.auth.AuthOptions;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.proxy.HttpProxy;
import dev.mcppol.runtime.proxy.ProxyConfig;
import dev.mcppol.runtime.proxy.ProxyRunner;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The whole identity story with real parts: npm {@code oidc-provider} issues JWT access tokens by the
 * client credentials grant (resource indicator = the proxy's URL, groups and tenant as claims); the
 * official MCP Java SDK client connects with them through the HTTP proxy to server-everything; rate
 * limits live in a real redis-server. Group rules, per-tenant budgets, per-identity limits keyed by
 * the verified identity, a token for another resource refused, and the recording replays the same.
 */
class OidcProxyEndToEndTest {
    private static final String POLICY = """
            policy teams
            claims "claims.schema.json"
            default deny
            limit tenant_calls = 3 per 1h per claims.tenant
            limit mine = 1 per 1h per identity
            tool echo { allow limit tenant_calls }
            tool get-sum { allow as analysts_sum when claims.groups contains "analysts" }
            tool get-annotated-message { allow limit mine }
            """;
    private static final String SCHEMA = """
            {"type": "object", "properties": {"sub": {"type": "string"}, "tenant": {"type": "string"},
             "groups": {"type": "array", "items": {"type": "string"}}}, "required": ["sub", "tenant"]}
            """;
    private static final String CLIENTS = """
            [{"client_id": "alice", "client_secret": "alice-secret-0123456789abcdefghijklmnop", "groups": ["analysts"], "tenant": "acme"},
             {"client_id": "bob", "client_secret": "bob-secret-0123456789abcdefghijklmnopqr", "tenant": "acme"},
             {"client_id": "carol", "client_secret": "carol-secret-0123456789abcdefghijklmnop", "groups": ["analysts"], "tenant": "globex"}]
            """;

    private static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static Path installed(String relative) {
        Path p = repo().resolve("testservers").resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing; run (cd testservers && npm ci --no-audit --no-fund)");
        }
        return p;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private String token(int oidcPort, String client, String resource) throws Exception {
        String secret = Json.MAPPER.readTree(CLIENTS).valueStream()
                .filter(c -> c.get("client_id").stringValue().equals(client)).findFirst().orElseThrow()
                .get("client_secret").stringValue();
        String form = "grant_type=client_credentials&scope=mcp%3Atools&client_id=" + client + "&client_secret=" + secret
                + "&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + oidcPort + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("token for " + client + ": " + r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("access_token").stringValue();
    }

    private static McpSyncClient client(URI endpoint, String token) {
        HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + endpoint.getPort()).endpoint(endpoint.getPath())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("mcppol-e2e", "0.0.1")).build();
        c.initialize();
        return c;
    }

    private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    /** A tool result the proxy answered in the server's place (isError true), not the server's own. */
    private static boolean refused(McpSchema.CallToolResult r) {
        return Boolean.TRUE.equals(r.isError());
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void groupsTenantsAndIdentitiesComeFromRealTokens(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("claims.schema.json"), SCHEMA);
        Path policy = Files.writeString(dir.resolve("teams.mcppol"), POLICY);
        Path recording = dir.resolve("recording.jsonl");
        int oidcPort = LoopbackProcess.freePort();
        int serverPort = LoopbackProcess.freePort();
        int proxyPort = LoopbackProcess.freePort();
        int redisPort = LoopbackProcess.freePort();
        String resource = "http://127.0.0.1:" + proxyPort + "/mcp";
        String otherResource = "http://127.0.0.1:" + proxyPort + "/other";
        try (LoopbackProcess oidc = LoopbackProcess.start(List.of("node", installed("oidc-test-provider.mjs").toString()),
                     Map.of("PORT", Integer.toString(oidcPort), "OIDC_RESOURCES", resource + "," + otherResource,
                             "OIDC_CLIENTS", CLIENTS), "oidc-provider listening");
             LoopbackProcess server = LoopbackProcess.start(List.of("node", "--require",
                             installed("loopback-only.cjs").toString(),
                             installed("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(),
                             "streamableHttp"), Map.of("PORT", Integer.toString(serverPort)), "listening on port");
             LoopbackProcess redis = LoopbackProcess.start(List.of("redis-server", "--port", Integer.toString(redisPort),
                             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of(), "Ready to accept");
             ProxyRunner runner = ProxyRunner.prepare(new ProxyConfig()
                     .bundle(new ProxyCommand.PolicySource(policy, PolicyCompiler.Options.defaults()))
                     .listen("127.0.0.1:" + proxyPort).upstream(URI.create("http://127.0.0.1:" + serverPort + "/mcp"))
                     .auth(new AuthOptions("http://127.0.0.1:" + oidcPort + "/jwks", "http://127.0.0.1:" + oidcPort,
                             URI.create(resource), List.of("mcp:tools"), null, 30))
                     .redis("redis://127.0.0.1:" + redisPort).record(recording), System.err)) {
            HttpProxy proxy = runner.startHttp();
            try {
                URI endpoint = proxy.endpoint();
                String alice = token(oidcPort, "alice", resource);
                String bob = token(oidcPort, "bob", resource);
                String carol = token(oidcPort, "carol", resource);
                List<String> outcomes = new ArrayList<>();
                try (McpSyncClient a = client(endpoint, alice); McpSyncClient b = client(endpoint, bob);
                     McpSyncClient c = client(endpoint, carol)) {
                    // alice is an analyst, bob is in no group: the group rule decides, from the verified token.
                    assertThat(text(call(a, "get-sum", Map.of("a", 1, "b", 2)))).isEqualTo("The sum of 1 and 2 is 3.");
                    McpSchema.CallToolResult denied = call(b, "get-sum", Map.of("a", 1, "b", 2));
                    assertThat(refused(denied)).isTrue();
                    assertThat(text(denied)).startsWith("Denied by policy");
                    // acme's budget (3 per hour) is shared by alice and bob; globex (carol) has its own.
                    assertThat(refused(call(a, "echo", Map.of("message", "1")))).isFalse();
                    assertThat(refused(call(b, "echo", Map.of("message", "2")))).isFalse();
                    assertThat(refused(call(a, "echo", Map.of("message", "3")))).isFalse();
                    McpSchema.CallToolResult spent = call(b, "echo", Map.of("message", "4"));
                    assertThat(refused(spent)).isTrue();
                    assertThat(text(spent)).startsWith("Rate limited by policy").contains("tenant_calls");
                    assertThat(text(call(c, "echo", Map.of("message", "globex")))).isEqualTo("Echo: globex");
                    // Per identity, on Redis: one each for alice and bob, keyed by the token's sub.
                    assertThat(refused(call(a, "get-annotated-message", Map.of("messageType", "success")))).isFalse();
                    assertThat(refused(call(a, "get-annotated-message", Map.of("messageType", "success")))).isTrue();
                    assertThat(refused(call(b, "get-annotated-message", Map.of("messageType", "success")))).isFalse();
                }
                try (RedisClient jedis = RedisClient.builder().hostAndPort(new redis.clients.jedis.HostAndPort("127.0.0.1", redisPort)).build()) {
                    Set<String> keys = new TreeSet<>(jedis.keys("mcppol:*"));
                    assertThat(keys).anyMatch(k -> k.endsWith("mine|identity=alice"))
                            .anyMatch(k -> k.endsWith("mine|identity=bob"))
                            .anyMatch(k -> k.endsWith("tenant_calls|claims.tenant=\"acme\""))
                            .anyMatch(k -> k.endsWith("tenant_calls|claims.tenant=\"globex\""))
                            .noneMatch(k -> k.contains("anonymous"));
                }
                // A real token, issued by the same provider, but for another resource: refused, nothing decided.
                String elsewhere = token(oidcPort, "alice", otherResource);
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(endpoint)
                        .header("Authorization", "Bearer " + elsewhere).header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                                + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                                + "\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                        .contains("resource_metadata=\"http://127.0.0.1:" + proxyPort
                                + "/.well-known/oauth-protected-resource/mcp\"").contains("invalid_token");
                HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort
                        + "/.well-known/oauth-protected-resource/mcp")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(Json.MAPPER.readTree(metadata.body()).get("authorization_servers").get(0).stringValue())
                        .isEqualTo("http://127.0.0.1:" + oidcPort);
            } finally {
                proxy.close();
            }
        }
        // The recording carries the verified claims (not the tokens) and replays with the same decisions.
        String recorded = Files.readString(recording);
        assertThat(recorded).contains("\"claims\":{").contains("\"groups\":[\"analysts\"]").doesNotContain("Bearer ")
                .doesNotContain("eyJ");
        CompileResult compiled = new PolicyCompiler().compile(policy, PolicyCompiler.Options.defaults());
        ReplayReport report = new TestRunner().run(compiled.bundle(), List.of(recording));
        assertThat(report.decisions()).isEqualTo(10);
        assertThat(report.failed()).as(report.failures().toString()).isZero();
        assertThat(report.passed()).isEqualTo(10);
    }
}
