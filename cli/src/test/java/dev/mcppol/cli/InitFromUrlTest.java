package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcppol init --from-url} and {@code schema pull --url} against the real server-everything
 * over Streamable HTTP (loopback, an ephemeral port, started and stopped here): the same repository
 * as {@code --from-server} writes — it checks clean under --werror and its transcript passes — and
 * nothing is ever overwritten.
 */
class InitFromUrlTest {

    static final Path EVERYTHING = Path.of("../testservers/node_modules/@modelcontextprotocol/"
            + "server-everything/dist/index.js").toAbsolutePath().normalize();
    static final Path LOOPBACK_ONLY = Path.of("../testservers/loopback-only.cjs").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    static LoopbackProcess everythingOverHttp(int port) throws Exception {
        assertThat(EVERYTHING).as("run (cd testservers && npm ci) first").exists();
        return LoopbackProcess.start(List.of("node", "--require", LOOPBACK_ONLY.toString(), EVERYTHING.toString(),
                "streamableHttp"), Map.of("PORT", Integer.toString(port)), "listening on port");
    }

    @Test
    void aRepositoryForAServerOverHttpChecksCleanAndPasses() throws Exception {
        int port = LoopbackProcess.freePort();
        String url = "http://127.0.0.1:" + port + "/mcp";
        Path repo = dir.resolve("everything");
        try (LoopbackProcess server = everythingOverHttp(port)) {
            CheckCommandTest.Run init = CheckCommandTest.run("init", "--from-url", url, repo.toString());
            assertThat(init.err()).isEmpty();
            assertThat(init.code()).isZero();
            assertThat(init.out()).contains("wrote " + repo.resolve("mcppol.yaml"), "wrote " + repo.resolve("policy.mcppol"),
                    "wrote " + repo.resolve("tools/server.tools.json"), "wrote " + repo.resolve("transcripts/first-session.jsonl"));

            CheckCommandTest.Run again = CheckCommandTest.run("init", "--from-url", url, repo.toString());
            assertThat(again.code()).isEqualTo(2);
            assertThat(again.err()).contains("refusing to overwrite " + repo.resolve("mcppol.yaml")).contains("nothing was written");

            Path pulled = dir.resolve("pulled.tools.json");
            CheckCommandTest.Run pull = CheckCommandTest.run("schema", "pull", "--url", url, "-o", pulled.toString());
            assertThat(pull.code()).as(pull.err()).isZero();
            assertThat(Files.readString(pulled)).isEqualTo(Files.readString(repo.resolve("tools/server.tools.json")));
        }
        assertThat(Files.readString(repo.resolve("mcppol.yaml")))
                .startsWith("# mcppol project file, written by `mcppol init --from-url` for the server at " + url + "\n"
                        + "# Refresh the snapshot with `mcppol schema pull --url " + url + " -o tools/server.tools.json`.\n");
        String policy = Files.readString(repo.resolve("policy.mcppol"));
        // server-everything annotates some tools: get-sum only reads; trigger-long-running-operation says nothing.
        assertThat(policy).contains("policy everything\n", "tools \"tools/server.tools.json\"\n", "default deny\n")
                .contains("# get-sum: readOnlyHint, so it only reads: allowed\ntool get-sum { allow }\n")
                .contains("default resources deny\n", "default prompts allow\n");
        assertThat(policy.lines().filter(l -> l.startsWith("tool "))).hasSize(13);
        assertThat(Files.readString(repo.resolve("tools/server.tools.json"))).contains("\"get-sum\"", "\"resources\"",
                "\"prompts\"");

        CheckCommandTest.Run check = CheckCommandTest.run("check", "--werror", repo.resolve("policy.mcppol").toString());
        assertThat(check.err()).isEmpty();
        assertThat(check.code()).isZero();
        CheckCommandTest.Run test = CheckCommandTest.runIn(repo, "test");
        assertThat(test.code()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).isEqualTo("13 passed, 0 failed\n");
    }

    @Test
    void aServerThatIsNotThereWritesNothing() throws Exception {
        Path repo = dir.resolve("r");
        String url = "http://127.0.0.1:" + LoopbackProcess.freePort() + "/mcp";
        CheckCommandTest.Run r = CheckCommandTest.run("init", "--from-url", url, repo.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("mcppol init: cannot connect to " + url
                + " (connection refused); is the server running? (nothing was written)\n");
        assertThat(repo).doesNotExist();
    }

    @Test
    void theUrlAndTheFlagsAreCheckedFirst() {
        CheckCommandTest.Run notHttp = CheckCommandTest.run("init", "--from-url", "127.0.0.1:3001/mcp", dir.toString());
        assertThat(notHttp.code()).isEqualTo(2);
        assertThat(notHttp.err()).startsWith("mcppol init: --from-url: '127.0.0.1:3001/mcp' is not an http:// or https:// URL,"
                + " e.g. http://127.0.0.1:3001/mcp");
        CheckCommandTest.Run both = CheckCommandTest.run("init", "--from-server", "--from-url", "http://127.0.0.1:1/mcp",
                dir.toString(), "--", "true");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--from-server and --from-url exclude each other");
        CheckCommandTest.Run pullBoth = CheckCommandTest.run("schema", "pull", "--url", "http://127.0.0.1:1/mcp", "--", "true");
        assertThat(pullBoth.code()).isEqualTo(2);
        assertThat(pullBoth.err()).contains("--url and a server command exclude each other");
        CheckCommandTest.Run pullNothing = CheckCommandTest.run("schema", "pull");
        assertThat(pullNothing.code()).isEqualTo(2);
        assertThat(pullNothing.err()).contains("give the server command after --, or --url URL");
        assertThat(dir.resolve("mcppol.yaml")).doesNotExist();
    }
}
