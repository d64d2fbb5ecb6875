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
import picocli.CommandLine;

/**
 * {@code mcppol proxy} as a real process in front of server-everything, driven by raw JSON lines;
 * its recording then replays green through {@code mcppol test}.
 */
class ProxyCommandTest {
    private static final String POLICY = """
            policy demo
            default deny
            limit calls = 3 per 1m per session
            tool echo { allow limit calls }
            tool get-sum { deny when a > 100 reason "too big"  allow }
            tool get-env { deny reason "no env dumps" }
            tool get-tiny-image { ask reason "a person approves" }
            hide trigger-long-running-operation
            """;

    /** Runs the proxy command the way the launcher does (the top-level command registers it on main). */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ProxyCommand());
        System.exit(cl.execute(args));
    }

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

    private static Process proxy(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProxyCommandTest.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void recordingOfAProxiedSessionReplaysGreen(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("demo.mcppol"), POLICY);
        Path rec = dir.resolve("session.jsonl");
        List<String> args = new ArrayList<>(List.of("--policy", policy.toString(), "--identity", "alice",
                "--record", rec.toString(), "--"));
        args.addAll(everything());
        Process p = proxy(args);
        List<String> replies = new ArrayList<>();
        try {
            String[] lines = {
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get-sum\",\"arguments\":{\"a\":1,\"b\":2}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get-sum\",\"arguments\":{\"a\":101,\"b\":2}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"get-env\",\"arguments\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"get-tiny-image\",\"arguments\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"a\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"b\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"c\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"d\"}}}",
            };
            replies.addAll(StdioLines.exchange(p, List.of(lines)));
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("the server's own exit code").isZero();
        } finally {
            p.destroyForcibly();
        }
        assertThat(replies.get(2)).contains("The sum of 1 and 2 is 3.");
        assertThat(replies.get(3)).contains("too big").contains("\"isError\":true");
        assertThat(replies.get(5)).contains("-32011");
        assertThat(replies.get(9)).contains("\"outcome\":\"limit\"");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"test", "--policy", policy.toString(), rec.toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("8 passed, 0 failed");
    }

    @Test
    void cannotStartIsExitCodeTwoWithAClearMessage(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.mcppol"), "policy bad\ndefault maybe\n");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ProxyCommand());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--policy", bad.toString(), "--", "node", "-e", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("does not compile").contains("bad.mcppol:2").doesNotContain("Exception");

        Path policy = Files.writeString(dir.resolve("ok.mcppol"), POLICY);
        CommandLine cl1 = new CommandLine(new ProxyCommand());
        cl1.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl1.execute("--policy", policy.toString(), "--on-drift", "maybe", "--", "node")).isEqualTo(2);
        StringWriter err2 = new StringWriter();
        CommandLine cl2 = new CommandLine(new ProxyCommand());
        cl2.setErr(new PrintWriter(err2, true));
        assertThat(cl2.execute("--policy", policy.toString())).isEqualTo(2);
        assertThat(err2.toString()).contains("no server");

        Process p = proxy(List.of("--policy", policy.toString(), "--", "/nonexistent/server"));
        try {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
        } finally {
            p.destroyForcibly();
        }
    }
}
