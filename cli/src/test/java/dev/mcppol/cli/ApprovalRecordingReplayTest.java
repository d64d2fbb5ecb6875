package dev.mcppol.cli;

import static dev.mcppol.cli.ProxyProcess.run;
import static dev.mcppol.cli.ProxyProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What {@code proxy --record} writes of approvals replays green with {@code mcppol test}, unchanged: a real
 * elicitation round trip (the official MCP Java SDK client declaring elicitation, an answer that came after
 * {@code --approval-timeout}), and a queued approval of a call whose arguments the recording redacts.
 */
class ApprovalRecordingReplayTest {
    private static final String POLICY = """
            policy approvals
            default deny
            limit echoes = 2 per 1h per session
            tool echo {
              limit echoes
              ask as approve_echo reason "a person approves echoes"
            }
            """;
    private static final String SECRET = "hunter2-do-not-show";

    @TempDir
    Path dir;

    private static String replay(Path policy, Path recording) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"test", "--policy", policy.toString(), recording.toString()},
                new PrintWriter(out), new PrintWriter(err));
        String text;
        try {
            text = Files.readString(recording);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(code).as(out + "\n" + err + "\n" + text).isZero();
        return out.toString();
    }

    /** The proxy's recording of the running test, which the person below watches. */
    private static volatile Path recording;

    /** The person behind the SDK client: approves, declines, and answers one question too late. */
    private static McpSchema.ElicitResult user(McpSchema.ElicitFormRequest request) {
        if (request.message().contains("late-me")) {
            try {
                // answered only once the proxy has denied the call for want of an answer (its recording says so)
                awaitLine(recording, "no answer from the user within 1500ms");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("decision", "approve"));
        }
        if (request.message().contains("decline-me")) {
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null);
        }
        return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                Map.of("decision", "approve", "note", "looks fine"));
    }

    @Test
    void anSdkClientsElicitationRoundTripReplaysUnchanged() throws Exception {
        Path policy = Files.writeString(dir.resolve("approvals.mcppol"), POLICY);
        recording = dir.resolve("session.jsonl");
        List<String> cmd = ProxyProcess.mcppol("proxy", "--policy", policy.toString(), "--record", recording.toString(),
                "--approval-timeout", "1500ms", "--approvals-dir", dir.resolve("store").toString(), "--identity", "alice",
                "--");
        cmd.addAll(ProxyProcess.everything());
        StdioClientTransport t = new StdioClientTransport(ServerParameters.builder(cmd.get(0))
                .args(cmd.subList(1, cmd.size())).build(), McpJsonDefaults.getMapper());
        List<String> stderr = new java.util.concurrent.CopyOnWriteArrayList<>();
        t.setStdErrorHandler(stderr::add);
        try (McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("mcppol-approval-replay-test", "0.0.1"))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(ApprovalRecordingReplayTest::user).build()) {
            c.initialize();
            assertThat(echoed(c, "approve-me")).isEqualTo("Echo: approve-me");
            assertThat(echoed(c, "decline-me")).contains("declined to approve it");
            assertThat(echoed(c, "late-me")).contains("no answer from the user within 1500ms");
            // the late answer reaches the proxy (and the recording) before the next call
            awaitLine(recording, "\"id\":\"mcppol-approval-3\",\"result\"");
            // the limit (2 per hour) counts forwarded calls only: the late approval forwarded nothing
            assertThat(echoed(c, "approve-me 2")).isEqualTo("Echo: approve-me 2");
            assertThat(echoed(c, "approve-me 3")).contains("Rate limited");
        }
        String recorded = Files.readString(recording);
        JsonNode header = Json.MAPPER.readTree(recorded.lines().findFirst().orElseThrow());
        assertThat(header.path("approvalTimeoutMs").asLong()).isEqualTo(1500);
        assertThat(recorded).contains("elicitation/create").contains("\"expect\":\"allow\"")
                .contains("\"expect\":\"deny\"").contains("\"expect\":\"limit\"");
        assertThat(replay(policy, recording)).contains(" passed, 0 failed");
    }

    private static String echoed(McpSyncClient c, String message) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", message)));
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    private static void awaitLine(Path file, String needle) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.readString(file).contains(needle)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " never held " + needle);
    }

    @Test
    void aQueuedApprovalOfRedactedArgumentsReplaysUnchangedAndNeverShowsTheSecret() throws Exception {
        Path policy = Files.writeString(dir.resolve("approvals.mcppol"), POLICY);
        Path recording = dir.resolve("queued.jsonl");
        Path decisions = dir.resolve("decisions.jsonl");
        String store = dir.resolve("store").toString();
        String id;
        try (ProxyProcess p = new ProxyProcess(List.of("--policy", policy.toString(), "--approvals", "queue",
                "--approvals-dir", store, "--redact", "message", "--record", recording.toString(),
                "--log", decisions.toString(), "--identity", "alice"), "{}", dir.resolve("proxy.err"))) {
            JsonNode queued = p.echo(1, SECRET);
            assertThat(queued.path("error").path("code").asInt()).isEqualTo(-32011);
            id = queued.path("error").path("data").path("approval").path("id").asString();
            String shown = run("approvals", "--approvals-dir", store, "show", id);
            assertThat(shown).contains(id).contains("[REDACTED]").doesNotContain(SECRET);
            run("approvals", "--approvals-dir", store, "approve", id, "--by", "ops", "--note", "checked it");
            assertThat(text(p.echo(2, SECRET))).isEqualTo("Echo: " + SECRET);
            assertThat(p.echo(3, SECRET).path("error").path("code").asInt()).isEqualTo(-32011);
        }
        // the recording keeps the calls redacted, and what the approval was bound to
        List<String> calls = new ArrayList<>();
        for (String line : Files.readAllLines(recording)) {
            if (line.contains("\"tools/call\"")) {
                calls.add(line);
            }
        }
        assertThat(calls).hasSize(3).allSatisfy(l -> assertThat(l).doesNotContain(SECRET).contains("\"argumentsHash\""));
        assertThat(replay(policy, recording)).contains("3 passed, 0 failed");
        // who approved, when and why, in the decision log
        JsonNode admitted = Files.readAllLines(decisions).stream().map(l -> (JsonNode) Json.MAPPER.readTree(l))
                .filter(l -> l.path("outcome").asString().equals("allow")).findFirst().orElseThrow();
        assertThat(admitted.path("approval").path("id").asString()).isEqualTo(id);
        assertThat(admitted.path("approval").path("by").asString()).isEqualTo("ops");
        assertThat(admitted.path("approval").path("note").asString()).isEqualTo("checked it");
        assertThat(admitted.path("approval").path("at").asString()).isNotEmpty();
    }
}
