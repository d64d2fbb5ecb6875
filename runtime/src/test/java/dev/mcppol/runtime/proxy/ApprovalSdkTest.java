package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.approval.ApprovalStatus;
import dev.mcppol.runtime.approval.Approvals;
import dev.mcppol.runtime.approval.FileApprovalStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals end to end: the official MCP Java SDK client as the agent (declaring elicitation, so the proxy
 * asks its user), the stdio proxy as its own process, server-everything behind it.
 */
class ApprovalSdkTest {
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    private McpSyncClient eliciting(List<String> proxyOptions, CountDownLatch neverAnswer) {
        List<String> cmd = ProxyTestMain.command(TestServers.bundle("approvals"), proxyOptions, TestServers.everythingStdio());
        ServerParameters params = ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(stderr::add);
        return McpClient.sync(t).requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(20))
                .clientInfo(new McpSchema.Implementation("mcppol-approval-test", "0.0.1"))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(ScriptedUser.answering(asked, "looks fine", neverAnswer))
                .build();
    }

    @Test
    void theUserApprovesOneCallDeclinesAnotherAndNeverAnswersAThird(@TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Path recording = dir.resolve("session.jsonl");
        List<String> options = List.of("--approval-timeout-ms", "1500", "--approvals-dir", dir.resolve("store").toString(),
                "--identity", "alice", "--record", recording.toString());
        try (McpSyncClient c = eliciting(options, release)) {
            c.initialize();
            McpSchema.CallToolResult approved = SdkClients.call(c, "echo", Map.of("message", "approve-me"));
            assertThat(SdkClients.text(approved)).isEqualTo("Echo: approve-me");
            assertThat(asked.get(0)).contains("echo").contains("approve-me").contains("a person approves echoes");

            McpSchema.CallToolResult declined = SdkClients.call(c, "echo", Map.of("message", "decline-me"));
            assertThat(declined.isError()).isTrue();
            assertThat(SdkClients.text(declined)).contains("declined to approve it");

            McpSchema.CallToolResult unanswered = SdkClients.call(c, "echo", Map.of("message", "nobody-answers"));
            assertThat(unanswered.isError()).isTrue();
            assertThat(SdkClients.text(unanswered)).contains("no answer from the user within 1500ms");

            // The limit (2 per hour) counts only forwarded calls: the declined and unanswered ones took nothing.
            assertThat(SdkClients.text(SdkClients.call(c, "echo", Map.of("message", "approve-me 2")))).isEqualTo("Echo: approve-me 2");
            McpSchema.CallToolResult third = SdkClients.call(c, "echo", Map.of("message", "approve-me 3"));
            assertThat(third.isError()).isTrue();
            assertThat(SdkClients.text(third)).contains("Rate limited");
        } finally {
            release.countDown();
        }
        // the audit trail: who approved, who declined
        List<Approval> all = new Approvals(new FileApprovalStore(dir.resolve("store")), Approvals.Settings.defaults())
                .list(System.currentTimeMillis());
        assertThat(all).extracting(Approval::status).contains(ApprovalStatus.USED, ApprovalStatus.DENIED);
        assertThat(all).filteredOn(a -> a.status() == ApprovalStatus.USED).first()
                .satisfies(a -> assertThat(a.decidedBy()).isEqualTo("elicitation: the user alice"))
                .satisfies(a -> assertThat(a.note()).isEqualTo("looks fine"));
        String recorded = Files.readString(recording);
        assertThat(recorded).contains("elicitation/create").contains("\"expect\":\"allow\"").contains("\"expect\":\"deny\"");
    }

    @Test
    void withoutElicitationAnAskIsQueuedAndAnApprovalAdmitsExactlyThatCallAfterARestart(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        List<String> options = List.of("--approvals", "queue", "--approvals-dir", store.toString(), "--identity", "alice");
        String id;
        try (McpSyncClient c = SdkClients.stdio(ProxyTestMain.command(TestServers.bundle("approvals"), options,
                TestServers.everythingStdio()), stderr::add)) {
            c.initialize();
            McpError queued = (McpError) org.assertj.core.api.Assertions.catchThrowable(
                    () -> SdkClients.call(c, "echo", Map.of("message", "queued")));
            assertThat(queued).isNotNull();
            assertThat(queued.getJsonRpcError().code()).isEqualTo(-32011);
            assertThat(queued.getMessage()).contains("queued as apr-").contains("mcppol approvals approve");
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) queued.getJsonRpcError().data();
            @SuppressWarnings("unchecked")
            Map<String, Object> approval = (Map<String, Object>) data.get("approval");
            id = (String) approval.get("id");
            assertThat(approval.get("status")).isEqualTo("pending");
        }
        // a person approves while no proxy runs; a new proxy process (another session) admits the call once
        new Approvals(new FileApprovalStore(store), Approvals.Settings.defaults()).approve(id, "bob", "ok", null,
                System.currentTimeMillis());
        try (McpSyncClient c = SdkClients.stdio(ProxyTestMain.command(TestServers.bundle("approvals"), options,
                TestServers.everythingStdio()), stderr::add)) {
            c.initialize();
            assertThatThrownBy(() -> SdkClients.call(c, "echo", Map.of("message", "other arguments")))
                    .isInstanceOf(McpError.class).hasMessageContaining("queued as apr-");
            assertThat(SdkClients.text(SdkClients.call(c, "echo", Map.of("message", "queued")))).isEqualTo("Echo: queued");
            // once only
            assertThatThrownBy(() -> SdkClients.call(c, "echo", Map.of("message", "queued")))
                    .isInstanceOf(McpError.class).hasMessageContaining("queued as apr-");
        }
        List<String> otherIdentity = new ArrayList<>(options);
        otherIdentity.set(otherIdentity.indexOf("alice"), "mallory");
        String second;
        try (McpSyncClient c = SdkClients.stdio(ProxyTestMain.command(TestServers.bundle("approvals"), options,
                TestServers.everythingStdio()), stderr::add)) {
            c.initialize();
            McpError e = (McpError) org.assertj.core.api.Assertions.catchThrowable(
                    () -> SdkClients.call(c, "echo", Map.of("message", "for alice")));
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) e.getJsonRpcError().data();
            @SuppressWarnings("unchecked")
            String apr = (String) ((Map<String, Object>) data.get("approval")).get("id");
            second = apr;
        }
        new Approvals(new FileApprovalStore(store), Approvals.Settings.defaults()).approve(second, "bob", null, 3_600_000L,
                System.currentTimeMillis());
        try (McpSyncClient c = SdkClients.stdio(ProxyTestMain.command(TestServers.bundle("approvals"), otherIdentity,
                TestServers.everythingStdio()), stderr::add)) {
            c.initialize();
            // approved for alice: mallory's identical call is not admitted
            assertThatThrownBy(() -> SdkClients.call(c, "echo", Map.of("message", "for alice")))
                    .isInstanceOf(McpError.class).hasMessageContaining("queued as apr-");
        }
    }
}
