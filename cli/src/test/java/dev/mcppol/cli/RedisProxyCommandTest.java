package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mcppol proxy --redis}: the options as the command line takes them. The shared limits
 * themselves are tested against a real redis-server in the runtime
 * ({@code RedisProxyReplicasTest}); here a proxy process points at a loopback port where no Redis
 * listens, which is all it takes to see the fail modes end to end.
 */
class RedisProxyCommandTest {
    private static final String POLICY = """
            policy shared
            default deny
            limit calls = 50 per 1h per global
            tool echo { allow limit calls }
            tool get-sum { allow }
            """;

    private static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static List<String> everything() {
        Path js = repo().resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.isRegularFile(js)) {
            throw new AssertionError("MCP test server not installed: " + js + "; run (cd testservers && npm ci --no-audit --no-fund)");
        }
        return List.of("node", js.toString(), "stdio");
    }

    private static int closedPort() throws Exception {
        // Bound and released at once: nothing listens there while the test runs (loopback only).
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new ProxyCommand());
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aBadRedisUrlOrFailModeIsExitCodeTwoWithAClearMessage(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("shared.mcppol"), POLICY);
        String[][] cases = {
            {"--redis", "localhost:6379"},
            {"--redis", "redis://:s3cret@127.0.0.1:6379/zero"},
            {"--redis", "redis://127.0.0.1:6379?timeout=5"},
            {"--redis", "redis://127.0.0.1:6379", "--redis-fail", "maybe"},
            {"--redis-fail", "open"},
        };
        String[] expected = {"must start with redis://", "database must be a number", "no query",
            "expected closed or open", "--redis-fail needs --redis"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("--policy", policy.toString()));
            args.addAll(List.of(cases[i]));
            args.addAll(List.of("--", "node", "-e", "0"));
            StringWriter err = new StringWriter();
            assertThat(run(err, args.toArray(String[]::new))).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", cases[i])).contains(expected[i])
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("s3cret");
        }
    }

    @Test
    void aBadRedisUrlStopsTheRealProcessBeforeItStartsTheServer(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("shared.mcppol"), POLICY);
        Path marker = dir.resolve("server-started");
        Path stderr = dir.resolve("stderr.txt");
        // The "server" would leave a marker file: it must never run.
        Process p = proxy(List.of("--policy", policy.toString(), "--redis", "http://127.0.0.1:6379", "--",
                "node", "-e", "require('fs').writeFileSync(process.argv[1], 'x')", marker.toString()), stderr);
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
        } finally {
            p.destroyForcibly();
        }
        String err = Files.readString(stderr);
        assertThat(err).contains("mcppol proxy: --redis: Redis URL must start with redis:// or rediss://")
                .doesNotContain("Exception");
        assertThat(marker).doesNotExist();
    }

    private static Process proxy(List<String> args, Path stderr) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProxyCommandTest.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    }

    /** Sends tools/call lines and returns each reply (notifications skipped). */
    private static List<String> session(Process p, String... calls) throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
        for (int i = 0; i < calls.length; i++) {
            lines.add("{\"jsonrpc\":\"2.0\",\"id\":" + (i + 1) + ",\"method\":\"tools/call\",\"params\":" + calls[i] + "}");
        }
        List<String> replies = StdioLines.exchange(p, lines);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return replies.subList(1, replies.size());
    }

    private static final String ECHO = "{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"}}";
    private static final String SUM = "{\"name\":\"get-sum\",\"arguments\":{\"a\":1,\"b\":2}}";

    @Test
    void unreachableRedisFailsClosedByDefaultAndOpenWhenAsked(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("shared.mcppol"), POLICY);
        String url = "redis://127.0.0.1:" + closedPort();
        for (String mode : List.of("default", "open")) {
            List<String> args = new ArrayList<>(List.of("--policy", policy.toString(), "--redis", url));
            if (mode.equals("open")) {
                args.addAll(List.of("--redis-fail", "open"));
            }
            args.add("--");
            args.addAll(everything());
            Path stderr = dir.resolve(mode + ".stderr");
            Process p = proxy(args, stderr);
            List<String> replies;
            try {
                replies = session(p, ECHO, ECHO, SUM);
            } finally {
                p.destroyForcibly();
            }
            String err = Files.readString(stderr);
            if (mode.equals("open")) {
                assertThat(replies.get(0)).contains("Echo: hello").doesNotContain("isError");
                assertThat(replies.get(1)).contains("Echo: hello");
                assertThat(err).contains("(fail open)").contains("admitted unchecked");
            } else {
                for (String denied : replies.subList(0, 2)) {
                    assertThat(denied).contains("\"isError\":true").contains("\"outcome\":\"deny\"")
                            .contains("the rate-limit store is unavailable, so calls cannot be checked (fail closed)");
                }
                assertThat(err).contains("(fail closed)");
            }
            assertThat(replies.get(2)).as(mode + ": no limit, no store needed").contains("The sum of 1 and 2 is 3.");
            // The loss is logged once, in the proxy's format, however many calls it refused.
            assertThat(err.lines().filter(l -> l.contains("unreachable")))
                    .singleElement().asString().startsWith("mcppol proxy: warning: rate-limit store " + url + "/0 unreachable");
        }
    }
}
