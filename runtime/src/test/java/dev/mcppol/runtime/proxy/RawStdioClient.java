package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.json.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * An agent that writes raw JSON lines to an in-process stdio proxy: the only way to send what a real
 * SDK never would (batches, duplicate keys, oversize lines).
 */
final class RawStdioClient implements AutoCloseable {
    final ProxyRunner runner;
    private final OutputStream toProxy;
    private final LinkedBlockingQueue<JsonNode> fromProxy = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    RawStdioClient(ProxyConfig config) throws Exception {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        toProxy = Channels.newOutputStream(in.sink());
        InputStream proxyIn = Channels.newInputStream(in.source());
        OutputStream proxyOut = Channels.newOutputStream(out.sink());
        runner = ProxyRunner.prepare(config, err);
        Thread run = new Thread(() -> {
            try {
                exit.complete(runner.runStdio(proxyIn, proxyOut));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            } finally {
                try {
                    proxyOut.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "test-stdio-proxy");
        run.setDaemon(true);
        run.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(out.source()),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    fromProxy.add(Json.MAPPER.readTree(line));
                }
            } catch (Exception ignored) {
                // the proxy closed its output
            }
        }, "test-stdio-reader");
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) throws IOException {
        toProxy.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toProxy.flush();
    }

    void send(byte[] raw) throws IOException {
        toProxy.write(raw);
        toProxy.flush();
    }

    /** The next message from the proxy that is not a notification (bounded wait). */
    JsonNode next() throws InterruptedException {
        return nextWhere(m -> !m.has("method"), "message");
    }

    /** The next request the proxy sends the client (its own {@code elicitation/create}), notifications skipped. */
    JsonNode nextRequest() throws InterruptedException {
        return nextWhere(m -> m.has("method") && m.has("id"), "request");
    }

    private JsonNode nextWhere(java.util.function.Predicate<JsonNode> wanted, String what) throws InterruptedException {
        while (true) {
            JsonNode m = fromProxy.poll(20, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no " + what + " from the proxy within 20 s; stderr:\n" + stderr());
            }
            seen.add(m);
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** Sends a request and returns the response with that id. */
    JsonNode request(int id, String method, String params) throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        JsonNode m = next();
        if (!m.path("id").isNull() && m.path("id").asInt() != id) {
            throw new AssertionError("expected the response to " + id + ", got " + m);
        }
        return m;
    }

    JsonNode call(int id, String tool, String args) throws Exception {
        return request(id, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + args + "}");
    }

    void initialize() throws Exception {
        initialize("{}");
    }

    /** @param capabilities the client's capabilities, as JSON ({@code {"elicitation":{}}} to be asked) */
    void initialize(String capabilities) throws Exception {
        request(0, "initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilities + ","
                + "\"clientInfo\":{\"name\":\"raw-test\",\"version\":\"1\"}}");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    String stderr() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** Closes the agent's side and returns the server's exit code as the proxy reports it. */
    int closeAndWait() throws Exception {
        toProxy.close();
        return exit.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            if (!exit.isDone()) {
                closeAndWait();
            }
        } finally {
            runner.close();
        }
    }
}
