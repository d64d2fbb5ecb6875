package dev.mcppol.runtime.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** schema pull against the real server-everything over stdio, and against servers that fail. */
class SchemaPullerTest {

    private static final Path EVERYTHING = Path.of("../testservers/node_modules/@modelcontextprotocol/"
            + "server-everything/dist/index.js").toAbsolutePath().normalize();

    @Test
    void pullsTheThirteenToolsOfServerEverything() throws Exception {
        assertThat(EVERYTHING).as("run (cd testservers && npm ci) first").exists();
        JsonNode snapshot = SchemaPuller.pull(List.of("node", EVERYTHING.toString(), "stdio"), Duration.ofSeconds(30),
                "test");
        List<String> names = new ArrayList<>();
        snapshot.get("tools").forEach(t -> names.add(t.get("name").asString()));
        assertThat(names).hasSize(13).contains("get-sum", "echo", "get-structured-content");
        JsonNode sum = snapshot.get("tools").valueStream().filter(t -> t.get("name").asString().equals("get-sum"))
                .findFirst().orElseThrow();
        assertThat(sum.get("inputSchema").get("required").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(ToolCatalog.parse(snapshot)).containsKey("get-sum");
    }

    @Test
    void aServerThatDiesIsAClearError() {
        assertThatThrownBy(() -> SchemaPuller.pull(List.of("sh", "-c", "echo broken >&2; exit 3"),
                Duration.ofSeconds(10), "test")).isInstanceOf(StdioJsonRpcClient.RpcException.class)
                .hasMessageContaining("exited with code 3").hasMessageContaining("broken");
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsStopped() throws Exception {
        Path pidFile = Files.createTempFile("mcppol-pull", ".pid");
        long start = System.nanoTime();
        assertThatThrownBy(() -> SchemaPuller.pull(List.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 60"),
                Duration.ofMillis(800), "test")).isInstanceOf(StdioJsonRpcClient.RpcException.class)
                .hasMessageContaining("did not answer initialize in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aServerAnsweringWithAnErrorIsReported() {
        String script = "read line; echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"nope\"}}'";
        assertThatThrownBy(() -> SchemaPuller.pull(List.of("sh", "-c", script), Duration.ofSeconds(10), "test"))
                .hasMessageContaining("error -32600: nope");
    }

    @Test
    void pagesAreFollowed() throws Exception {
        // A scripted server: initialize, then two tools/list pages joined by nextCursor.
        String script = String.join("\n",
                "read l; echo '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}}'",
                "read l", // notifications/initialized
                "read l; echo '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}'",
                "echo '{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"a\"}],\"nextCursor\":\"p2\"}}'",
                "read l; case \"$l\" in *p2*) echo '{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"b\"}]}}';; esac",
                "read l");
        JsonNode snapshot = SchemaPuller.pull(List.of("sh", "-c", script), Duration.ofSeconds(10), "test");
        assertThat(snapshot.toString()).isEqualTo("{\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");
    }
}
