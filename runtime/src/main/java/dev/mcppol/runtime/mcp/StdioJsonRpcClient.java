package dev.mcppol.runtime.mcp;

import dev.mcppol.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC client over a child process's stdio, as MCP's stdio transport defines it: one JSON
 * message per line each way, the server's stderr is for logs. Reading happens on daemon threads so
 * a silent server can be timed out; {@link #close()} always stops the child (and its children).
 */
public final class StdioJsonRpcClient implements McpChannel {

    /** The reason a request got no result; {@code getMessage()} is fit to show to a user. */
    public static final class RpcException extends Exception {
        public RpcException(String message) {
            super(message);
        }
    }

    /** End of the server's stdout. */
    private static final Object EOF = new Object();
    private static final int STDERR_LINES = 20;

    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrReader;
    private long nextId = 1;

    private StdioJsonRpcClient(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdin = process.getOutputStream();
        daemon("mcppol-stdout", () -> readStdout(process));
        this.stderrReader = daemon("mcppol-stderr", () -> readStderr(process));
    }

    /** Starts the server; a command that cannot be started is an {@link RpcException}. */
    public static StdioJsonRpcClient start(List<String> command) throws RpcException {
        if (command.isEmpty()) {
            throw new RpcException("no server command given");
        }
        try {
            return new StdioJsonRpcClient(command, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new RpcException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
    }

    @Override
    public JsonNode request(String method, JsonNode params, long deadline) throws RpcException {
        long id = nextId++;
        ObjectNode msg = Json.NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.put("id", id);
        msg.put("method", method);
        if (params != null) {
            msg.set("params", params);
        }
        send(msg, method);
        while (true) {
            Object next = poll(deadline, method);
            if (next == EOF) {
                throw new RpcException(ended(method));
            }
            JsonNode m = (JsonNode) next;
            if (m.has("method")) {
                answerServerRequest(m);
                continue;
            }
            JsonNode rid = m.get("id");
            if (rid == null || !rid.isNumber() || rid.longValue() != id) {
                continue;
            }
            JsonNode error = m.get("error");
            if (error != null && !error.isNull()) {
                throw new RpcException("the server answered " + method + " with error "
                        + error.path("code").asString("?") + ": " + error.path("message").asString(""));
            }
            JsonNode result = m.get("result");
            if (result == null) {
                throw new RpcException("the server's response to " + method + " has no result");
            }
            return result;
        }
    }

    @Override
    public void notify(String method, JsonNode params) throws RpcException {
        ObjectNode msg = Json.NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.put("method", method);
        if (params != null) {
            msg.set("params", params);
        }
        send(msg, method);
    }

    /** The server's last stderr lines, for error messages (it often says why it failed there). */
    public synchronized String stderrTail() {
        return String.join("\n", stderrTail);
    }

    /** Closes stdin (servers exit on EOF), then terminates, then kills: the child never outlives us. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // Already gone; the steps below make sure.
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void send(JsonNode msg, String method) throws RpcException {
        try {
            stdin.write((Json.MAPPER.writeValueAsString(msg) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new RpcException(ended(method));
        }
    }

    private Object poll(long deadline, String method) throws RpcException {
        try {
            long left = deadline - System.nanoTime();
            Object next = left <= 0 ? null : incoming.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new RpcException("the server did not answer " + method + " in time" + tail());
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted while waiting for " + method);
        }
    }

    /** We declare no capabilities, so we serve nothing but ping; anything else gets "method not found". */
    private void answerServerRequest(JsonNode m) throws RpcException {
        JsonNode id = m.get("id");
        if (id == null || id.isNull()) {
            return;
        }
        ObjectNode reply = Json.NODES.objectNode();
        reply.put("jsonrpc", "2.0");
        reply.set("id", id);
        if ("ping".equals(m.path("method").asString(""))) {
            reply.putObject("result");
        } else {
            ObjectNode err = reply.putObject("error");
            err.put("code", -32601);
            err.put("message", "method not found");
        }
        send(reply, "a reply");
    }

    private String ended(String method) {
        String how;
        try {
            how = process.waitFor(500, TimeUnit.MILLISECONDS) ? "exited with code " + process.exitValue()
                    : "closed its output";
            // Its last words on stderr are usually the reason: let the reader catch up with them.
            stderrReader.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            how = "closed its output";
        }
        return "the server (" + command.get(0) + ") " + how + " before answering " + method + tail();
    }

    private String tail() {
        String t = stderrTail();
        return t.isEmpty() ? "" : "; its last output on stderr:\n" + t;
    }

    private void readStdout(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode m = Json.MAPPER.readTree(line);
                    if (m.isObject()) {
                        incoming.add(m);
                    }
                } catch (RuntimeException e) {
                    // Not JSON-RPC (a stray log line on stdout); servers should not, some do. Skip it.
                    remember("(stdout) " + line);
                }
            }
        } catch (IOException e) {
            // The stream closed under us: same as end of output.
        } finally {
            incoming.add(EOF);
        }
    }

    private void readStderr(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                remember(line);
            }
        } catch (IOException e) {
            // Logs only.
        }
    }

    private synchronized void remember(String line) {
        stderrTail.addLast(line.length() > 500 ? line.substring(0, 500) + "…" : line);
        while (stderrTail.size() > STDERR_LINES) {
            stderrTail.removeFirst();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A timeout as a deadline on System.nanoTime. */
    public static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
