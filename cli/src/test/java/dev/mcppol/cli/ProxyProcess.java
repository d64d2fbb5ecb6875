package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcppol proxy … -- server-everything} over stdio as its own process, spoken to in newline-delimited
 * JSON-RPC; and the {@code mcppol} CLI run as a process of its own (another process than the proxies, as a
 * person's shell would be).
 */
final class ProxyProcess implements AutoCloseable {
    final Process p;
    private final OutputStream in;
    private final BufferedReader out;

    /**
     * Starts the proxy and initializes the session.
     *
     * @param capabilities the client's capabilities as JSON ({@code {"elicitation":{}}} to be asked)
     */
    ProxyProcess(List<String> proxyOptions, String capabilities, Path stderr) throws Exception {
        List<String> cmd = new ArrayList<>(mcppol("proxy"));
        cmd.addAll(proxyOptions);
        cmd.add("--");
        cmd.addAll(everything());
        p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        in = p.getOutputStream();
        out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        request("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    static List<String> everything() {
        Path js = repo().resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.isRegularFile(js)) {
            throw new AssertionError("MCP test server not installed: " + js + "; run (cd testservers && npm ci --no-audit --no-fund)");
        }
        return List.of("node", js.toString(), "stdio");
    }

    /** The command line of {@code mcppol ARGS…} on this test's class path. */
    static List<String> mcppol(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code mcppol ARGS…} as a process; it must exit 0. Its output, stdout and stderr together. */
    static String run(String... args) throws Exception {
        Process p = new ProcessBuilder(mcppol(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + "\n" + out).isZero();
        return out;
    }

    void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The next message that is not a notification: an answer, or a request of the proxy's own. */
    JsonNode next() throws IOException {
        while (true) {
            String line = out.readLine();
            assertThat(line).as("a message from the proxy").isNotNull();
            JsonNode msg = Json.MAPPER.readTree(line);
            if (!msg.has("method") || msg.has("id")) {
                return msg;
            }
        }
    }

    /** Sends a request and returns the next answer (requests and notifications of the server skipped). */
    JsonNode request(String line) throws IOException {
        send(line);
        while (true) {
            JsonNode msg = next();
            if (!msg.has("method")) {
                return msg;
            }
        }
    }

    static String echoCall(int id, String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + message + "\"}}}";
    }

    JsonNode echo(int id, String message) throws IOException {
        return request(echoCall(id, message));
    }

    static String text(JsonNode reply) {
        return reply.path("result").path("content").path(0).path("text").asString("");
    }

    /** Ends the session (stdin closed) and waits for the proxy to exit. */
    @Override
    public void close() throws Exception {
        in.close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
