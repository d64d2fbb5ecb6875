package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The approvals queue across processes: two proxy replicas share one real redis-server; an ask queued
 * by one is approved with {@code mcppol approvals} from a third process, and the other replica admits
 * the same call from the same identity, once.
 */
class ApprovalsQueueRedisTest {
    private static final String POLICY = """
            policy mail
            default deny
            tool echo { ask as approve_echo reason "a person approves echoes" }
            """;

    private static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static List<String> everything() {
        Path js = repo().resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.isRegularFile(js)) {
            throw new AssertionError("MCP test server not installed: " + js + "; run scripts/test once");
        }
        return List.of("node", js.toString(), "stdio");
    }

    private static List<String> mcppol(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A proxy replica as its own process, spoken to in newline-delimited JSON-RPC. */
    private static final class Replica implements AutoCloseable {
        final Process p;
        final OutputStream in;
        final BufferedReader out;

        Replica(Path policy, String redis, Path dir) throws Exception {
            List<String> cmd = new ArrayList<>(mcppol("proxy", "--policy", policy.toString(), "--approvals", "queue",
                    "--redis", redis, "--identity", "alice", "--"));
            cmd.addAll(everything());
            p = new ProcessBuilder(cmd).redirectError(dir.resolve("replica-" + System.nanoTime() + ".err").toFile()).start();
            in = p.getOutputStream();
            out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        void send(String line) throws IOException {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        JsonNode request(String line) throws IOException {
            send(line);
            while (true) {
                String reply = out.readLine();
                assertThat(reply).as("reply to " + line).isNotNull();
                JsonNode msg = Json.MAPPER.readTree(reply);
                if (!msg.has("method")) {
                    return msg;
                }
            }
        }

        JsonNode echo(int id, String message) throws IOException {
            return request("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"message\":\"" + message + "\"}}}");
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String run(Path dir, String... args) throws Exception {
        Process p = new ProcessBuilder(mcppol(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + "\n" + out).isZero();
        return out;
    }

    @Test
    void oneReplicaQueuesAThirdProcessApprovesTheOtherReplicaAdmitsOnce(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectOutput(dir.resolve("redis.log").toFile())
                .redirectErrorStream(true).start();
        try {
            waitForPort(port);
            String url = "redis://127.0.0.1:" + port;
            Path policy = Files.writeString(dir.resolve("mail.mcppol"), POLICY);
            String id;
            try (Replica a = new Replica(policy, url, dir)) {
                JsonNode queued = a.echo(1, "hello");
                assertThat(queued.path("error").path("code").asInt()).isEqualTo(-32011);
                id = queued.path("error").path("data").path("approval").path("id").asString();
                assertThat(id).startsWith("apr-");
            }
            assertThat(run(dir, "approvals", "--redis", url, "list")).contains(id).contains("pending").contains("echo");
            assertThat(run(dir, "approvals", "--redis", url, "approve", id, "--by", "ops", "--note", "checked"))
                    .contains("approved " + id);
            assertThat(run(dir, "approvals", "--redis", url, "show", id)).contains("approved").contains("ops")
                    .contains("checked");
            try (Replica b = new Replica(policy, url, dir)) {
                assertThat(b.echo(1, "other").path("error").path("code").asInt()).isEqualTo(-32011);
                JsonNode admitted = b.echo(2, "hello");
                assertThat(admitted.path("result").path("content").get(0).path("text").asString()).isEqualTo("Echo: hello");
                assertThat(b.echo(3, "hello").path("error").path("code").asInt()).isEqualTo(-32011);
            }
            assertThat(run(dir, "approvals", "--redis", url, "list", "--all")).contains(id + "  used");
        } finally {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start on port " + port);
    }
}
