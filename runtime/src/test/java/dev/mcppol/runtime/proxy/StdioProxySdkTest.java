package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP Java SDK as agent, the proxy as its own process, the reference servers behind it. */
class StdioProxySdkTest {
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private McpSyncClient client(String bundle, List<String> server) {
        return SdkClients.stdio(ProxyTestMain.command(TestServers.bundle(bundle), List.of(), server), stderr::add);
    }

    @Test
    void everythingAllowedCallsReachTheServerDeniedOnesDoNot() {
        try (McpSyncClient c = client("everything", TestServers.everythingStdio())) {
            c.initialize();
            List<String> tools = SdkClients.toolNames(c);
            assertThat(tools).contains("echo", "get-sum", "get-tiny-image")
                    .doesNotContain("trigger-long-running-operation") // hidden
                    .doesNotContain("get-env", "get-resource-links"); // always denied (a deny rule; the default)
            assertThat(SdkClients.text(SdkClients.call(c, "echo", Map.of("message", "hello")))).isEqualTo("Echo: hello");
            McpSchema.CallToolResult denied = SdkClients.call(c, "get-env", Map.of());
            assertThat(denied.isError()).isTrue();
            assertThat(SdkClients.text(denied)).isEqualTo("Denied by policy: no env dumps");
            assertThat(denied.meta()).containsKey("mcppol/decision");
        }
    }

    @Test
    void deniedFilesystemWriteLeavesNoFile(@TempDir Path dir) throws Exception {
        Path real = dir.toRealPath();
        try (McpSyncClient c = client("filesystem", TestServers.filesystem(real))) {
            c.initialize();
            assertThat(SdkClients.toolNames(c)).contains("write_file", "read_text_file").doesNotContain("move_file");
            McpSchema.CallToolResult denied = SdkClients.call(c, "write_file",
                    Map.of("path", real.resolve("evil.sh").toString(), "content", "rm -rf /"));
            assertThat(denied.isError()).isTrue();
            assertThat(SdkClients.text(denied)).contains("no scripts");
            McpSchema.CallToolResult ok = SdkClients.call(c, "write_file",
                    Map.of("path", real.resolve("notes.txt").toString(), "content", "hello"));
            assertThat(ok.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(SdkClients.text(SdkClients.call(c, "read_text_file",
                    Map.of("path", real.resolve("notes.txt").toString())))).isEqualTo("hello");
        }
        assertThat(dir.resolve("evil.sh")).doesNotExist();
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("hello");
    }

    @Test
    void toolsListIsFilteredOnEveryPage() {
        try (McpSyncClient c = client("paged", TestServers.pagedServer())) {
            c.initialize();
            // The SDK follows nextCursor over three pages; hidden beta and always-denied delta are gone from each.
            assertThat(SdkClients.toolNames(c)).containsExactly("alpha", "gamma", "epsilon");
            assertThat(SdkClients.text(SdkClients.call(c, "gamma", Map.of()))).isEqualTo("called gamma");
            assertThat(SdkClients.call(c, "beta", Map.of()).isError()).isTrue();
        }
    }

    @Test
    void driftedSchemaIsReportedAndWithOnDriftDenyItsToolIsDenied() {
        List<String> cmd = ProxyTestMain.command(TestServers.bundle("everything-drifted"), List.of("--on-drift"),
                TestServers.everythingStdio());
        try (McpSyncClient c = SdkClients.stdio(cmd, stderr::add)) {
            c.initialize();
            c.listTools();
            McpSchema.CallToolResult r = SdkClients.call(c, "echo", Map.of("message", "hi"));
            assertThat(r.isError()).isTrue();
            assertThat(SdkClients.text(r)).contains("description of tool echo differs");
            // get-sum did not drift: still allowed (the policy's default is allow).
            assertThat(SdkClients.text(SdkClients.call(c, "get-sum", Map.of("a", 1, "b", 2)))).isEqualTo("The sum of 1 and 2 is 3.");
        }
        assertThat(stderr).anyMatch(l -> l.contains("schema drift") && l.contains("tool echo"));
    }

    @Test
    void withOnDriftDenyACallBeforeTheServerListedItsToolsIsDenied() {
        // Before the fix the call was forwarded: drift could not be seen yet, so it was not checked.
        List<String> cmd = ProxyTestMain.command(TestServers.bundle("everything-drifted"), List.of("--on-drift"),
                TestServers.everythingStdio());
        try (McpSyncClient c = SdkClients.stdio(cmd, stderr::add)) {
            c.initialize();
            McpSchema.CallToolResult early = SdkClients.call(c, "get-sum", Map.of("a", 1, "b", 2));
            assertThat(early.isError()).isTrue();
            assertThat(SdkClients.text(early)).contains("has not listed its tools", "tools/list first");
            c.listTools();
            assertThat(SdkClients.text(SdkClients.call(c, "get-sum", Map.of("a", 1, "b", 2)))).isEqualTo("The sum of 1 and 2 is 3.");
        }
    }

    @Test
    void aBundleCompiledAgainstTheLiveSchemasReportsNoDrift() {
        try (McpSyncClient c = client("everything", TestServers.everythingStdio())) {
            c.initialize();
            c.listTools();
            c.ping();
        }
        assertThat(stderr).noneMatch(l -> l.contains("schema drift"));
    }
}
