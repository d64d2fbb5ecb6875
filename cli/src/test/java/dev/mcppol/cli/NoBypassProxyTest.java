package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bypasses an adversarial review reproduced live, through {@code mcppol proxy} (a real process)
 * in front of server-everything: each must be impossible, and the recording must replay the same way.
 */
class NoBypassProxyTest {
    private static final String POLICY = """
            policy nobypass
            default deny
            limit spend = sum(b) <= 1000 per 1d per session
            tool get-sum { deny as big when a >= 1000 reason "too big"  allow limit spend }
            tool echo { allow }
            """;

    private static Path repo() {
        return ProxyProcess.repo();
    }

    static List<String> everything() {
        return ProxyProcess.everything();
    }

    static Process proxy(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ProxyCommandTest.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String call(int id, String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + args + "}}";
    }

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    /** The proxy, recording, in front of server-everything: the replies to {@code messages}, in order. */
    private static List<String> recordedSession(Path policy, Path rec, List<String> messages) throws Exception {
        List<String> args = new ArrayList<>(List.of("--policy", policy.toString(), "--record", rec.toString(), "--"));
        args.addAll(everything());
        Process p = proxy(args);
        try {
            List<String> replies = StdioLines.exchange(p, messages);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return replies;
        } finally {
            p.destroyForcibly();
        }
    }

    /** {@code mcppol test} on the recording passes with {@code passed} calls. */
    private static void replaysTheSame(Path policy, Path rec, int passed) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"test", "--policy", policy.toString(), rec.toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains(passed + " passed, 0 failed");
    }

    @Test
    void numbersTheServerReadsDifferentlyAreDeniedAndReplayTheSame(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("nb.mcppol"), POLICY);
        Path rec = dir.resolve("session.jsonl");
        List<String> replies = recordedSession(policy, rec, List.of(INIT,
                // The server reads 1000 (a double); exact, it is below the limit: ambiguous, denied.
                call(1, "get-sum", "{\"a\":999.99999999999999999,\"b\":1}"),
                // A budget amount with a billion-digit plain form: the reason stays short, the proxy up.
                call(2, "get-sum", "{\"a\":1,\"b\":1e-999999999}"),
                // A number no condition reads goes through untouched.
                call(3, "echo", "{\"message\":\"m\",\"extra\":999.99999999999999999}"),
                call(4, "get-sum", "{\"a\":2,\"b\":3}")));
        assertThat(replies.get(1)).contains("\"isError\":true").contains("\"rule\":\"mcppol:ambiguous-number\"")
                .doesNotContain("The sum of");
        assertThat(replies.get(2)).contains("\"isError\":true").contains("cannot be counted exactly")
                .contains("1.0e-999999999");
        assertThat(replies.get(2).length()).isLessThan(2000);
        assertThat(replies.get(3)).contains("Echo: m");
        assertThat(replies.get(4)).contains("The sum of 2 and 3 is 5.");
        replaysTheSame(policy, rec, 4);

        StringWriter explained = new StringWriter();
        assertThat(Main.run(new String[] {"explain", policy.toString(), "--tool", "get-sum", "--args",
                "{\"a\":999.99999999999999999,\"b\":1}"}, new PrintWriter(explained), new PrintWriter(new StringWriter())))
                .isZero();
        assertThat(explained.toString()).contains("decision: deny").contains("reads differently");
    }

    /**
     * get-sum declares a and b numbers: a lax server (pydantic) reads "1000" as 1000, past the deny.
     * After tools/list the proxy knows the schema and denies the call as ambiguous; replay agrees.
     */
    @Test
    void numbersSentAsStringsALaxServerWouldReadAreDeniedAndReplayTheSame(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("nb.mcppol"), POLICY);
        Path rec = dir.resolve("session.jsonl");
        List<String> replies = recordedSession(policy, rec, List.of(INIT,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                call(2, "get-sum", "{\"a\":\"1000\",\"b\":1}"),
                call(3, "get-sum", "{\"a\":2,\"b\":3}")));
        assertThat(replies.get(2)).contains("\"isError\":true").contains("\"rule\":\"mcppol:ambiguous-type\"");
        assertThat(replies.get(3)).contains("The sum of 2 and 3 is 5.");
        replaysTheSame(policy, rec, 2);
    }

    /**
     * get-resource-links declares {@code count} with {@code "default": 3} (zod's {@code .default(3)}, which
     * the server applies): a call that leaves count out gets three links, past a deny of more than two.
     * After tools/list the proxy decides on the default too and denies the call as ambiguous; replay agrees.
     */
    @Test
    void defaultsTheServerFillsInAreDecidedOnAndReplayTheSame(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("nb.mcppol"), """
                policy defaults
                default deny
                tool get-resource-links { deny as many when count > 2 reason "at most two links"  allow }
                """);
        Path rec = dir.resolve("session.jsonl");
        List<String> replies = recordedSession(policy, rec, List.of(INIT,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                call(2, "get-resource-links", "{}"),
                call(3, "get-resource-links", "{\"count\":2}"),
                call(4, "get-resource-links", "{\"count\":3}")));
        assertThat(replies.get(1)).contains("\"default\":3");
        assertThat(replies.get(2)).contains("\"isError\":true").contains("\"rule\":\"mcppol:ambiguous-default\"")
                .contains("leaves out count").doesNotContain("resource links");
        assertThat(replies.get(3)).contains("Here are 2 resource links");
        assertThat(replies.get(4)).contains("\"isError\":true").contains("\"rule\":\"many\"");
        replaysTheSame(policy, rec, 3);
    }

    /**
     * No schema known: the policy was compiled without the server's tools and the client never lists
     * them. Whether the server fills in a left-out {@code a} or reads {@code "1000"} as a number cannot be
     * known, so a call the policy would admit on that reading is denied; replay agrees.
     */
    @Test
    void unlistedToolsCannotBeReadOtherwiseAndReplayTheSame(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("nb.mcppol"), """
                policy unlisted
                default allow
                tool get-sum { deny as big when a >= 1000 reason "too big" }
                """);
        Path rec = dir.resolve("session.jsonl");
        List<String> replies = recordedSession(policy, rec, List.of(INIT,
                call(1, "get-sum", "{\"a\":\"1000\",\"b\":1}"),
                call(2, "get-sum", "{\"b\":1}"),
                call(3, "get-sum", "{\"a\":2,\"b\":3}"),
                call(4, "get-sum", "{\"a\":1000,\"b\":3}")));
        assertThat(replies.get(1)).contains("\"isError\":true").contains("\"rule\":\"mcppol:ambiguous-unlisted\"")
                .contains("call tools/list first");
        assertThat(replies.get(2)).contains("\"isError\":true").contains("\"rule\":\"mcppol:ambiguous-unlisted\"")
                .contains("left out");
        assertThat(replies.get(3)).contains("The sum of 2 and 3 is 5.");
        assertThat(replies.get(4)).contains("\"isError\":true").contains("\"rule\":\"big\"");
        replaysTheSame(policy, rec, 4);

        // explain shows the policy's decision and, below it, the proxy's before the tools are listed
        StringWriter explained = new StringWriter();
        assertThat(Main.run(new String[] {"explain", policy.toString(), "--tool", "get-sum", "--args", "{\"b\":1}"},
                new PrintWriter(explained), new PrintWriter(new StringWriter()))).isZero();
        assertThat(explained.toString()).contains("decision: allow")
                .contains("in the proxy, until the session lists the server's tools: deny").contains("'a' (left out");
    }

    @Test
    void verifyKeyRefusesAPolicySourceAtStartAndEveryCommand(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("nb.mcppol"), POLICY);
        StringWriter sink = new StringWriter();
        assertThat(Main.run(new String[] {"keygen", dir.resolve("team").toString()}, new PrintWriter(sink),
                new PrintWriter(sink))).isZero();
        String pub = dir.resolve("team.pub").toString();

        List<String> cmd0 = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProxyCommandTest.class.getName(), "--policy",
                policy.toString(), "--verify-key", pub, "--watch", "--", "node", "-e", "0"));
        Path errFile = dir.resolve("proxy.err");
        Process p = new ProcessBuilder(cmd0).redirectError(errFile.toFile()).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(errFile)).contains("--verify-key accepts only a signed bundle")
                .doesNotContain("Exception");
        for (String[] cmd : List.of(new String[] {"check", "--verify-key", pub, policy.toString()},
                new String[] {"explain", "--verify-key", pub, policy.toString(), "--tool", "echo"},
                new String[] {"inspect", "--verify-key", pub, policy.toString()})) {
            StringWriter err = new StringWriter();
            int code = Main.run(cmd, new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertThat(code).as(String.join(" ", cmd)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", cmd)).contains("--verify-key accepts only a signed bundle");
        }
        // A signed bundle still runs.
        Path signed = dir.resolve("nb.bundle.json");
        assertThat(Main.run(new String[] {"compile", policy.toString(), "-o", signed.toString(), "--signing-key",
                dir.resolve("team.key").toString()}, new PrintWriter(sink), new PrintWriter(sink))).isZero();
        StringWriter out = new StringWriter();
        assertThat(Main.run(new String[] {"explain", "--verify-key", pub, signed.toString(), "--tool", "echo"},
                new PrintWriter(out), new PrintWriter(sink))).as(sink.toString()).isZero();
        assertThat(out.toString()).contains("decision: allow");
    }

    @Test
    void pathsAreComparedAsPathsBeforeServerFilesystemReadsThem(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("work"));
        Files.createDirectories(data.resolve("other"));
        Files.writeString(data.resolve("work/ok.txt"), "work file");
        Files.writeString(data.resolve("other/secret.txt"), "top secret");
        Path fs = repo().resolve("testservers/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
        String root = data.toRealPath().toString();
        String traversal = "{\"path\":\"" + root + "/work/../other/secret.txt\"}";
        for (String condition : List.of("path startsWith \"" + root + "/work/\"", "path under \"" + root + "/work\"")) {
            Path policy = Files.writeString(dir.resolve("fs.mcppol"), "policy fs\ndefault deny\n"
                    + "tool read_text_file { allow when " + condition + " }\n");
            Process p = proxy(List.of("--policy", policy.toString(), "--", "node", fs.toString(), root));
            List<String> replies;
            try {
                replies = StdioLines.exchange(p, List.of(INIT,
                        call(1, "read_text_file", "{\"path\":\"" + root + "/work/ok.txt\"}"),
                        call(2, "read_text_file", traversal),
                        call(3, "read_text_file", "{\"path\":\"work/../other/secret.txt\"}")));
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(replies.get(1)).as(condition).contains("work file");
            if (condition.contains("startsWith")) {
                // The hole, seen live: a raw prefix lets the server read outside the directory.
                assertThat(replies.get(2)).contains("top secret");
            } else {
                assertThat(replies.get(2)).doesNotContain("top secret").contains("\"isError\":true")
                        .contains("\"outcome\":\"deny\"");
                assertThat(replies.get(3)).doesNotContain("top secret").contains("mcppol:ambiguous-path");
            }
        }
        // The checker says so about the raw prefix (W108), against the server's own schema.
        Path tools = repo().resolve("runtime/src/test/resources/proxy/filesystem.tools.json");
        Path raw = Files.writeString(dir.resolve("raw.mcppol"), "policy fs\ndefault deny\n"
                + "tool read_text_file { allow when path startsWith \"/data/work/\" }\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main.run(new String[] {"check", "--tools", tools.toString(), raw.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertThat(out + "\n" + err).contains("W108").contains("path under \"/data/work\"");
    }
}
