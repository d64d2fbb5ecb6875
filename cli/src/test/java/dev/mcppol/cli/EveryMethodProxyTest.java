package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.proxy.BundleSource;
import dev.mcppol.runtime.proxy.HttpProxy;
import dev.mcppol.runtime.proxy.ProxyConfig;
import dev.mcppol.runtime.proxy.ProxyRunner;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every MCP method under policy, end to end: the official MCP Java SDK as an agent that declares
 * sampling and elicitation, mcppol's proxy (stdio and Streamable HTTP), server-everything behind it.
 * A policy hides one resource template and one prompt, denies reading one URI pattern, limits sampling
 * to 2 a minute and denies elicitation; each holds, the lists are filtered, and the recording of the
 * session replays green through {@code mcppol test}.
 */
class EveryMethodProxyTest {

    static final String POLICY = """
            policy methods
            default allow

            default resources allow
            hide resource "demo://resource/dynamic/blob/*"
            resource "demo://resource/static/document/instructions*" { deny reason "the server's instructions stay private" }

            default prompts allow
            hide prompt args-prompt

            client sampling { allow limit 2 per 1m }
            client elicitation { deny reason "the agent asks the user nothing" }
            """;

    private final AtomicInteger sampled = new AtomicInteger();
    private final AtomicInteger elicited = new AtomicInteger();

    private static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static Path everythingJs() {
        Path js = repo().resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.isRegularFile(js)) {
            throw new AssertionError("MCP test server not installed: " + js + "; run (cd testservers && npm ci --no-audit --no-fund)");
        }
        return js;
    }

    private McpSyncClient client(McpClientTransport t) {
        return McpClient.sync(t).requestTimeout(Duration.ofSeconds(90)).initializationTimeout(Duration.ofSeconds(90))
                .clientInfo(new McpSchema.Implementation("mcppol-every-method-test", "0.0.1"))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(req -> {
                    sampled.incrementAndGet();
                    return new McpSchema.CreateMessageResult(McpSchema.Role.ASSISTANT,
                            new McpSchema.TextContent("sampled"), "test-model",
                            McpSchema.CreateMessageResult.StopReason.END_TURN);
                })
                .elicitation(req -> {
                    elicited.incrementAndGet();
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null);
                })
                .build();
    }

    /** What the policy says, seen by the agent. */
    private void exercise(McpSyncClient c) {
        c.initialize();
        List<String> templates = c.listResourceTemplates().resourceTemplates().stream()
                .map(McpSchema.ResourceTemplate::uriTemplate).toList();
        assertThat(templates).contains("demo://resource/dynamic/text/{resourceId}")
                .doesNotContain("demo://resource/dynamic/blob/{resourceId}");
        List<String> prompts = c.listPrompts().prompts().stream().map(McpSchema.Prompt::name).toList();
        assertThat(prompts).contains("simple-prompt").doesNotContain("args-prompt");
        List<String> resources = c.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
        assertThat(resources).contains("demo://resource/static/document/architecture.md")
                .noneMatch(u -> u.contains("instructions"));

        assertThat(c.readResource(new McpSchema.ReadResourceRequest("demo://resource/dynamic/text/1")).contents())
                .isNotEmpty();
        assertDenied(() -> c.readResource(new McpSchema.ReadResourceRequest(
                "demo://resource/static/document/instructions.md")), "the server's instructions stay private");
        assertDenied(() -> c.readResource(new McpSchema.ReadResourceRequest("demo://resource/dynamic/blob/1")),
                "is hidden by the policy");
        assertThat(c.getPrompt(new McpSchema.GetPromptRequest("simple-prompt", Map.of())).messages()).isNotEmpty();
        assertDenied(() -> c.getPrompt(new McpSchema.GetPromptRequest("args-prompt", Map.of("city", "Paris"))),
                "prompt args-prompt is hidden by the policy");
        assertDenied(() -> c.completeCompletion(new McpSchema.CompleteRequest(new McpSchema.PromptReference("args-prompt"),
                new McpSchema.CompleteRequest.CompleteArgument("city", "P"))), "prompt args-prompt is hidden by the policy");

        for (int i = 0; i < 3; i++) {
            try {
                c.callTool(new McpSchema.CallToolRequest("trigger-sampling-request", Map.of("prompt", "hi", "maxTokens", 10)));
            } catch (McpError e) {
                // the third: the server got the proxy's refusal and reports it as it likes
            }
        }
        assertThat(sampled.get()).as("sampling requests that reached the client").isEqualTo(2);
        try {
            c.callTool(new McpSchema.CallToolRequest("trigger-elicitation-request", Map.of()));
        } catch (McpError e) {
            // the server got the proxy's refusal
        }
        assertThat(elicited.get()).as("elicitation requests that reached the client").isZero();
    }

    private static void assertDenied(Runnable r, String reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(McpError.class, e -> {
            assertThat(e.getJsonRpcError().code()).isEqualTo(-32012);
            assertThat(e.getJsonRpcError().message()).contains(reason);
        });
    }

    /** The decision log names each decision's kind, one line per decision the proxy took. */
    private static void logsKinds(Path log) throws Exception {
        Map<String, List<String>> outcomes = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            tools.jackson.databind.JsonNode n = dev.mcppol.runtime.json.Json.MAPPER.readTree(line);
            outcomes.computeIfAbsent(n.path("kind").asString(), k -> new ArrayList<>()).add(n.path("outcome").asString());
        }
        assertThat(outcomes).containsOnlyKeys("tool", "resource", "prompt", "completion", "sampling", "elicitation");
        assertThat(outcomes.get("resource")).containsExactly("allow", "deny", "deny");
        assertThat(outcomes.get("prompt")).containsExactly("allow", "deny");
        assertThat(outcomes.get("completion")).containsExactly("deny");
        assertThat(outcomes.get("sampling")).containsExactly("allow", "allow", "limit");
        assertThat(outcomes.get("elicitation")).containsExactly("deny");
        assertThat(outcomes.get("tool")).hasSize(4).containsOnly("allow");
    }

    private static void replaysGreen(Path policy, Path recording) throws Exception {
        String text = Files.readString(recording);
        assertThat(text).contains("\"expect\":\"deny\"").contains("\"expect\":\"limit\"")
                .contains("sampling/createMessage").contains("resources/read");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"test", "--policy", policy.toString(), recording.toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(out + "\n" + err + "\n" + text).isZero();
        assertThat(out.toString()).contains(" passed, 0 failed");
    }

    @Test
    void overStdio(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("methods.mcppol"), POLICY);
        Path rec = dir.resolve("stdio.jsonl");
        Path log = dir.resolve("decisions.jsonl");
        List<String> cmd = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                ProxyCommandTest.class.getName(), "--policy", policy.toString(), "--record", rec.toString(),
                "--log", log.toString(), "--",
                "node", everythingJs().toString(), "stdio"));
        ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()).args(cmd).build();
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> { });
        try (McpSyncClient c = client(t)) {
            exercise(c);
        }
        logsKinds(log);
        replaysGreen(policy, rec);
    }

    @Test
    void overStreamableHttp(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("methods.mcppol"), POLICY);
        CompileResult compiled = new PolicyCompiler().compile(policy, PolicyCompiler.Options.defaults());
        assertThat(compiled.ok()).isTrue();
        Path bundle = Files.write(dir.resolve("methods.bundle.json"), compiled.bytes());
        Path rec = dir.resolve("http.jsonl");
        Path log = dir.resolve("decisions.jsonl");
        String metrics;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("node", "--require", repo().resolve("testservers/loopback-only.cjs")
                .toString(), everythingJs().toString(), "streamableHttp").redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process server = pb.start();
        ProxyRunner runner = null;
        HttpProxy proxy = null;
        try {
            awaitReady(server);
            runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(bundle)).listen("127.0.0.1:0")
                    .upstream(URI.create("http://127.0.0.1:" + port + "/mcp")).record(rec)
                    .decisionLog(log, false), System.err);
            proxy = runner.startHttp();
            URI endpoint = proxy.endpoint();
            HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport
                    .builder("http://127.0.0.1:" + endpoint.getPort()).endpoint(endpoint.getPath()).build();
            try (McpSyncClient c = client(t)) {
                exercise(c);
            }
            metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.getPort() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (runner != null) {
                runner.close();
            }
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        logsKinds(log);
        assertThat(metrics).contains("mcppol_kind_decisions_total{kind=\"resource\",outcome=\"deny\"} 2",
                "mcppol_kind_decisions_total{kind=\"sampling\",outcome=\"limit\"} 1",
                "mcppol_kind_decisions_total{kind=\"completion\",outcome=\"deny\"} 1",
                "mcppol_kind_decisions_total{kind=\"tool\",outcome=\"allow\"} 4",
                "mcppol_method_decisions_total{kind=\"elicitation\",outcome=\"deny\"} 1");
        replaysGreen(policy, rec);
    }

    private static void awaitReady(Process p) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            if (line.contains("listening on port")) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (Exception ignored) {
                        // server stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("server-everything (streamableHttp) did not become ready");
    }
}
