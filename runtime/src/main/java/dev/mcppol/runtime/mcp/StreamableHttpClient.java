package dev.mcppol.runtime.mcp;

import dev.mcppol.runtime.json.Json;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of one MCP server over Streamable HTTP (MCP 2025-11-25, "Transports"): every message is a
 * POST to the endpoint; a request's answer comes back as one JSON body or as an event stream that
 * may carry the server's own requests before it. The {@code Mcp-Session-Id} the server hands out at
 * {@code initialize} and the negotiated {@code MCP-Protocol-Version} go with every later message;
 * {@link #close()} ends the session (DELETE). Every response is read within the caller's deadline
 * and up to {@link #MAX_RESPONSE_BYTES}, so a server that talks forever cannot hold us.
 */
public final class StreamableHttpClient implements McpChannel {

    /** The most one response may hold; a tools/list of thousands of tools is a few MiB. */
    static final long MAX_RESPONSE_BYTES = 32L << 20;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    private static final Object END = new Object();

    private final URI endpoint;
    private final HttpClient http;
    private long nextId = 1;
    private String sessionId;
    private String protocolVersion;

    private StreamableHttpClient(URI endpoint, HttpClient http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    /** A client of the server at {@code endpoint} (http or https); nothing is sent until the first request. */
    public static StreamableHttpClient open(URI endpoint, Duration connectTimeout) throws StdioJsonRpcClient.RpcException {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new StdioJsonRpcClient.RpcException(endpoint + " is not an http:// or https:// URL");
        }
        // HTTP/1.1: an http:// endpoint must not be offered an h2c upgrade it may not understand.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new StreamableHttpClient(endpoint, http);
    }

    @Override
    public JsonNode request(String method, JsonNode params, long deadline) throws StdioJsonRpcClient.RpcException {
        long id = nextId++;
        ObjectNode msg = message(method, params);
        msg.put("id", id);
        HttpResponse<InputStream> response = post(msg, method, deadline);
        try (InputStream body = response.body()) {
            if (response.statusCode() == 202) {
                throw new StdioJsonRpcClient.RpcException("the server accepted " + method + " but sent no response");
            }
            BlockingQueue<Object> incoming = read(response, body, method);
            while (true) {
                Object next = poll(incoming, deadline, method);
                if (next == END) {
                    throw new StdioJsonRpcClient.RpcException("the server ended its response to " + method
                            + " without answering it");
                }
                if (next instanceof StdioJsonRpcClient.RpcException e) {
                    throw e;
                }
                JsonNode m = (JsonNode) next;
                if (m.has("method")) {
                    answerServerRequest(m, deadline);
                    continue;
                }
                JsonNode rid = m.get("id");
                if (rid == null || !rid.isNumber() || rid.longValue() != id) {
                    continue;
                }
                JsonNode error = m.get("error");
                if (error != null && !error.isNull()) {
                    throw new StdioJsonRpcClient.RpcException("the server answered " + method + " with error "
                            + error.path("code").asString("?") + ": " + error.path("message").asString(""));
                }
                JsonNode result = m.get("result");
                if (result == null) {
                    throw new StdioJsonRpcClient.RpcException("the server's response to " + method + " has no result");
                }
                if (method.equals("initialize")) {
                    sessionId = response.headers().firstValue("mcp-session-id").orElse(null);
                    protocolVersion = result.path("protocolVersion").asString(null);
                }
                return result;
            }
        } catch (IOException e) {
            throw new StdioJsonRpcClient.RpcException("reading the server's response to " + method + " failed: "
                    + e.getMessage());
        }
    }

    @Override
    public void notify(String method, JsonNode params) throws StdioJsonRpcClient.RpcException {
        send(message(method, params), method);
    }

    /** Ends the server's session (a server that does not allow it answers 405, which is fine). */
    @Override
    public void close() {
        if (sessionId == null) {
            return;
        }
        HttpRequest.Builder delete = headers(HttpRequest.newBuilder(endpoint)).DELETE().timeout(CLOSE_TIMEOUT);
        try {
            http.send(delete.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The session expires on the server's side; nothing more to do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessionId = null;
    }

    private static ObjectNode message(String method, JsonNode params) {
        ObjectNode msg = Json.NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.put("method", method);
        if (params != null) {
            msg.set("params", params);
        }
        return msg;
    }

    /** A notification or a reply: the server acknowledges it (202), its body is not read beyond the status. */
    private void send(JsonNode msg, String what) throws StdioJsonRpcClient.RpcException {
        HttpResponse<InputStream> response = post(msg, what, StdioJsonRpcClient.deadline(CLOSE_TIMEOUT.multipliedBy(5)));
        try {
            response.body().close();
        } catch (IOException e) {
            // The status (checked by post) was all we needed.
        }
    }

    private HttpResponse<InputStream> post(JsonNode msg, String method, long deadline)
            throws StdioJsonRpcClient.RpcException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new StdioJsonRpcClient.RpcException("the server did not answer " + method + " in time");
        }
        HttpRequest request = headers(HttpRequest.newBuilder(endpoint))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .timeout(Duration.ofNanos(left))
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(msg), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new StdioJsonRpcClient.RpcException("the server did not answer " + method + " in time");
        } catch (ConnectException e) {
            throw new StdioJsonRpcClient.RpcException("cannot connect to " + endpoint + " (" + (e.getMessage() == null
                    ? "connection refused" : e.getMessage()) + "); is the server running?");
        } catch (IOException e) {
            throw new StdioJsonRpcClient.RpcException("sending " + method + " to " + endpoint + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StdioJsonRpcClient.RpcException("interrupted while waiting for " + method);
        }
        int status = response.statusCode();
        if (status >= 300) {
            String text = firstWords(response.body());
            throw new StdioJsonRpcClient.RpcException("the server answered " + method + " with HTTP " + status
                    + (status == 404 && sessionId != null ? " (its session ended)" : "") + (text.isEmpty() ? "" : ": " + text));
        }
        return response;
    }

    private HttpRequest.Builder headers(HttpRequest.Builder b) {
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            b.header("MCP-Protocol-Version", protocolVersion);
        }
        return b;
    }

    /**
     * The messages of a response, read on a daemon thread (so the caller's deadline holds while the
     * server is silent) into a queue that ends with {@link #END} or the reason the body is unusable.
     */
    private static BlockingQueue<Object> read(HttpResponse<InputStream> response, InputStream body, String method)
            throws StdioJsonRpcClient.RpcException {
        String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        boolean events = type.startsWith("text/event-stream");
        if (!events && !type.startsWith("application/json")) {
            throw new StdioJsonRpcClient.RpcException("the server answered " + method + " with "
                    + (type.isEmpty() ? "no Content-Type" : "Content-Type " + type)
                    + ", not JSON or an event stream; is this the server's MCP endpoint?");
        }
        BlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new Bounded(body), StandardCharsets.UTF_8))) {
                if (events) {
                    readEvents(r, incoming);
                } else {
                    add(incoming, Json.MAPPER.readTree(r));
                }
                incoming.add(END);
            } catch (IOException | RuntimeException e) {
                incoming.add(new StdioJsonRpcClient.RpcException("the server's response to " + method
                        + " is unusable: " + e.getMessage()));
            }
        }, "mcppol-http-response");
        reader.setDaemon(true);
        reader.start();
        return incoming;
    }

    /** Server-sent events: {@code data:} lines joined until a blank line make one message. */
    private static void readEvents(BufferedReader r, BlockingQueue<Object> incoming) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    add(incoming, Json.MAPPER.readTree(data.toString()));
                    data.setLength(0);
                }
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
            // event:, id:, retry: and comments (":…") carry nothing a request waits for.
        }
        if (data.length() > 0) {
            add(incoming, Json.MAPPER.readTree(data.toString()));
        }
    }

    /** A message, or each message of a batch; anything else is not JSON-RPC and is skipped. */
    private static void add(BlockingQueue<Object> incoming, JsonNode m) {
        if (m.isObject()) {
            incoming.add(m);
        } else if (m.isArray()) {
            m.forEach(x -> add(incoming, x));
        }
    }

    private static Object poll(BlockingQueue<Object> incoming, long deadline, String method)
            throws StdioJsonRpcClient.RpcException {
        try {
            long left = deadline - System.nanoTime();
            Object next = left <= 0 ? null : incoming.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new StdioJsonRpcClient.RpcException("the server did not answer " + method + " in time");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StdioJsonRpcClient.RpcException("interrupted while waiting for " + method);
        }
    }

    /** We declare no capabilities, so we serve nothing but ping; anything else gets "method not found". */
    private void answerServerRequest(JsonNode m, long deadline) throws StdioJsonRpcClient.RpcException {
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

    /** The start of an error body, on one line, for the message. */
    private static String firstWords(InputStream body) {
        try (InputStream in = body) {
            String text = new String(in.readNBytes(300), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        } catch (IOException e) {
            return "";
        }
    }

    /** A body that stops with an error once it has given {@link #MAX_RESPONSE_BYTES}. */
    private static final class Bounded extends FilterInputStream {
        private long left = MAX_RESPONSE_BYTES;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            left -= n;
            if (left < 0) {
                throw new IOException("it is larger than " + (MAX_RESPONSE_BYTES >> 20) + " MiB");
            }
        }
    }
}
