package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.auth.Verification;
import dev.mcppol.runtime.handler.Caller;
import dev.mcppol.runtime.handler.Holding;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Streamable HTTP proxy: one listener that serves the MCP endpoint (the upstream URL's path),
 * {@code /healthz} and {@code /metrics}. POSTed messages go through the gate; responses, JSON or SSE,
 * are streamed back through it; GET (the server's event stream) and DELETE (end of session) pass
 * through. State is kept per {@code Mcp-Session-Id}.
 */
public final class HttpProxy implements AutoCloseable {
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    static final int MAX_SESSIONS = 10_000;

    private final MessageGate gate;
    private final ProxyMetrics metrics;
    private final ProxyLog log;
    private final String host;
    private final int port;
    private final URI upstream;
    private final String identityHeader;
    private final OriginCheck origins;
    private final HostCheck hosts;
    private final HttpAuthentication auth;
    private final Map<String, SessionState> sessions = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SessionState> e) {
                    return size() > MAX_SESSIONS; // a client that never sends DELETE must not grow the map forever
                }
            });
    /** Calls held for the user's approval, each with its POST's open event stream. */
    private final HeldCalls held = new HeldCalls();
    private Server server;
    private HttpClient client;
    private HttpRelay relay;
    private org.eclipse.jetty.util.thread.Scheduler.Task heldTimer;

    HttpProxy(MessageGate gate, ProxyMetrics metrics, ProxyLog log, String host, int port, URI upstream,
              String identityHeader, List<String> allowedOrigins, List<String> allowedHosts) {
        this(gate, metrics, log, host, port, upstream, identityHeader, allowedOrigins, allowedHosts,
                HttpAuthentication.NONE);
    }

    HttpProxy(MessageGate gate, ProxyMetrics metrics, ProxyLog log, String host, int port, URI upstream,
              String identityHeader, List<String> allowedOrigins, List<String> allowedHosts,
              HttpAuthentication auth) {
        this.gate = gate;
        this.metrics = metrics;
        this.log = log;
        this.host = host;
        this.port = port;
        this.upstream = upstream;
        this.identityHeader = identityHeader;
        this.origins = new OriginCheck(allowedOrigins);
        this.hosts = new HostCheck(host, allowedHosts);
        this.auth = auth;
    }

    void start() throws ProxyStartException {
        try {
            client = HttpRelay.newClient();
            client.start();
            relay = new HttpRelay(client, upstream, gate.maxMessageBytes(), log);
            QueuedThreadPool threads = new QueuedThreadPool(256);
            threads.setName("mcppol-http");
            server = new Server(threads);
            org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
            http.setSendServerVersion(false); // no "Server: Jetty(x.y.z)": a version tells an attacker which flaws to try
            http.setSendXPoweredBy(false);
            ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            HttpLimits.configure(server, connector);
            server.addConnector(connector);
            server.setHandler(new McpHandler());
            server.start();
            scheduleHeldCalls();
        } catch (Exception e) {
            close();
            throw new ProxyStartException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("listening on http://" + host + ":" + port() + path() + " -> " + upstream);
    }

    private void scheduleHeldCalls() {
        heldTimer = client.getScheduler().schedule(() -> {
            tickHeldCalls();
            if (server.isRunning()) {
                scheduleHeldCalls();
            }
        }, 250, TimeUnit.MILLISECONDS);
    }

    /** Worker threads busy right now (tests: a slow client must not hold one). */
    int busyThreads() {
        return ((QueuedThreadPool) server.getThreadPool()).getBusyThreads();
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The MCP endpoint path: the upstream URL's path, so a client changes only host and port. */
    public String path() {
        String p = upstream.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    public URI endpoint() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path());
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            if (heldTimer != null) {
                heldTimer.cancel();
            }
            if (server != null) {
                server.stop();
            }
            if (client != null) {
                client.stop();
            }
        } catch (Exception e) {
            log.warn("stopping the HTTP proxy: " + e.getMessage());
        }
    }

    private final class McpHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            String repeated;
            try {
                // Every path, /metrics and /healthz included, is refused to a rebinding page.
                // Whatever is answered here is answered without reading the body (see closeIfUnread).
                if (!hosts.allows(request.getHeaders().get("Host"))) {
                    log.warn("refused a request for a host name not allowed (see --allow-host)");
                    closeIfUnread(request, response);
                    sendError(response, callback, 403, "forbidden: host not allowed (see --allow-host)");
                } else if (!origins.allows(request.getHeaders().get("Origin"))) {
                    log.warn("refused a request from origin " + request.getHeaders().get("Origin"));
                    closeIfUnread(request, response);
                    sendError(response, callback, 403, "forbidden: origin not allowed (see --allow-origin)");
                } else if ("/healthz".equals(path) && "GET".equals(method)) {
                    send(response, callback, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
                } else if ("/metrics".equals(path) && "GET".equals(method)) {
                    send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.render().getBytes(StandardCharsets.UTF_8));
                } else if (auth.isMetadataPath(path) && "GET".equals(method)) {
                    send(response, callback, 200, "application/json", auth.guard().metadata());
                } else if (!path().equals(path)) {
                    closeIfUnread(request, response);
                    send(response, callback, 404, "text/plain; charset=utf-8",
                            ("not found; the MCP endpoint is " + path() + "\n").getBytes(StandardCharsets.UTF_8));
                } else if ((repeated = repeatedHeader(request)) != null) {
                    String name = repeated;
                    metrics.refusedMessage();
                    log.warn("refused a request: the " + name + " header is sent more than once");
                    closeIfUnread(request, response);
                    sendError(response, callback, 400, "invalid request: the " + name + " header is sent more than once");
                } else if (auth.enabled() && ("POST".equals(method) || "GET".equals(method) || "DELETE".equals(method))) {
                    authenticated(request, response, callback);
                } else if ("POST".equals(method)) {
                    post(request, sessionFor(request), response, callback);
                } else if ("GET".equals(method) || "DELETE".equals(method)) {
                    HttpLimits.streaming(request);
                    forward(request, null, sessionFor(request), response, callback);
                } else {
                    closeIfUnread(request, response);
                    send(response, callback, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                log.warn(method + " " + path + " failed: " + e);
                if (!response.isCommitted()) {
                    closeIfUnread(request, response);
                    sendError(response, callback, 502, "the proxy could not complete the request (the proxy's log says why)");
                } else {
                    callback.failed(e);
                }
            }
            return true;
        }
    }

    /**
     * With {@code --auth-*}: nothing is read or forwarded before the bearer token is verified; the
     * identity is the token's claim, and a session is only usable by the identity that opened it.
     */
    private void authenticated(Request request, Response response, Callback callback) {
        Verification v = auth.check(request.getHeaders());
        if (v instanceof Verification.Rejected r) {
            metrics.refusedMessage();
            log.warn("refused a request: " + r.status() + (r.error() == null ? "" : " " + r.error()) + ": " + r.description());
            response.getHeaders().put("WWW-Authenticate", auth.guard().challenge(r));
            closeIfUnread(request, response);
            sendError(response, callback, r.status(), (r.status() == 403 ? "forbidden: " : "unauthorized: ") + r.description());
            return;
        }
        Verification.Verified who = (Verification.Verified) v;
        String session = request.getHeaders().get(SESSION_HEADER);
        if (!auth.mayUse(session, who.identity())) {
            metrics.refusedMessage();
            log.warn("refused a request: identity " + who.identity() + " used session " + session
                    + ", which another identity opened");
            closeIfUnread(request, response);
            sendError(response, callback, 403, "forbidden: this session belongs to another identity");
            return;
        }
        SessionState s = sessionFor(session, who.identity(), who.claims());
        if ("POST".equals(request.getMethod())) {
            post(request, s, response, callback);
        } else {
            HttpLimits.streaming(request);
            forward(request, null, s, response, callback);
        }
    }

    /**
     * A header the proxy reads one value of, sent more than once; else null. The proxy would take the
     * first, a server may take the last or join them (Node reads "a, b"): session state, limits per
     * session and the identity must name what the server and the front proxy meant.
     */
    private String repeatedHeader(Request request) {
        for (String name : identityHeader == null ? List.of(SESSION_HEADER, "MCP-Protocol-Version")
                : List.of(SESSION_HEADER, "MCP-Protocol-Version", identityHeader)) {
            if (request.getHeaders().getValuesList(name).size() > 1) {
                return name;
            }
        }
        return null;
    }

    private SessionState sessionFor(Request request) {
        String identity = identityHeader == null ? null : request.getHeaders().get(identityHeader);
        return sessionFor(request.getHeaders().get(SESSION_HEADER), identity, null);
    }

    private SessionState sessionFor(String id, String identity, tools.jackson.databind.JsonNode claims) {
        if (id == null) {
            // Before initialize assigns a session (or on a stateless server): state lives for this exchange.
            return new SessionState(null, identity).as(Caller.of(identity, claims));
        }
        return sessions.computeIfAbsent(id, k -> new SessionState(k, null)).as(Caller.of(identity, claims));
    }

    /**
     * Reads the body without holding a thread (a client that sends headers and then nothing costs a
     * connection, not a worker), then decides and forwards on a pool thread.
     */
    private void post(Request request, SessionState s, Response response, Callback callback) {
        String badType = JsonContentType.problem(request.getHeaders().getValuesList(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE));
        if (badType != null) {
            // Decided as UTF-8 JSON, the body must be read as that upstream too (JsonContentType says why).
            metrics.refusedMessage();
            log.warn("refused a POST: " + badType);
            closeIfUnread(request, response);
            sendError(response, callback, 415, "unsupported media type: " + badType);
            return;
        }
        java.util.concurrent.CompletableFuture<byte[]> read = Content.Source.asByteArrayAsync(request,
                gate.maxMessageBytes() + 1);
        java.util.function.BiConsumer<byte[], Throwable> then = (body, failure) -> {
            try {
                Throwable why = failure == null ? null : unwrap(failure);
                if (why instanceof IOException || why instanceof java.util.concurrent.TimeoutException) {
                    callback.failed(why); // the client went silent (idle timeout) or away
                    return;
                }
                // Any other failure of the bounded read is the size limit being passed.
                post(request, s, failure != null || body.length > gate.maxMessageBytes() ? null : body, response,
                        callback);
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                log.warn("POST failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                if (!response.isCommitted()) {
                    closeIfUnread(request, response);
                    sendError(response, callback, 502, "the proxy could not complete the request");
                } else {
                    callback.failed(e);
                }
            }
        };
        if (read.isDone()) {
            // The body came with the headers (the usual case): go on in this handler thread, no hand-off.
            byte[] body = null;
            Throwable failure = null;
            try {
                body = read.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                failure = e;
            }
            then.accept(body, failure);
        } else {
            read.whenCompleteAsync(then, server.getThreadPool());
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private void post(Request request, SessionState s, byte[] body, Response response, Callback callback) {
        HttpLimits.streaming(request);
        if (s.session() == null || !acceptsEventStream(request)) {
            // the user's answer would arrive on another POST of the session, and the call's answer must
            // then reach this one as an event: without both, an ask is queued instead
            s = s.withoutHolding();
        }
        MessageGate.ClientVerdict v = body == null ? gate.oversize() : gate.fromClient(body, 0, body.length, s);
        Holding holding = v.holding();
        if (holding != null && holding.asking()) {
            hold(request, s, holding, v.reply(), response, callback);
        } else if (holding != null) {
            release(s, holding, v, response, callback);
        } else if (v.forward()) {
            forward(request, v.toServer(body), s, response, callback);
        } else if (v.reply() != null) {
            int status = !v.refused() ? 200 : body == null ? 413 : 400;
            if (body == null) {
                closeIfUnread(request, response); // the read stopped at the size limit
            }
            send(response, callback, status, "application/json", v.reply());
        } else {
            sendError(response, callback, 400, "invalid request: the message was refused (see the proxy's log)");
        }
    }

    private static boolean acceptsEventStream(Request request) {
        for (String accept : request.getHeaders().getValuesList("Accept")) {
            if (accept.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A call held while the user is asked: its POST is answered with an event stream that carries the
     * question now and the call's answer once the user has answered (or the time ran out).
     */
    private void hold(Request request, SessionState s, Holding holding, byte[] question, Response response,
                      Callback callback) {
        EventStream stream = new EventStream(response, callback);
        held.put(s.session(), holding.callIdKey(), new HeldCalls.Held(request, s, stream));
        stream.send(question, false);
    }

    /**
     * The user's answer (a POST of its own, answered 202 as every client response is): the held call
     * goes to the server and its answer into the call's open stream, or its denial does.
     */
    private void release(SessionState s, Holding holding, MessageGate.ClientVerdict v, Response response,
                         Callback callback) {
        response.setStatus(202);
        response.write(true, ByteBuffer.allocate(0), callback);
        HeldCalls.Held h = held.remove(s.session(), holding.callIdKey());
        if (h == null) {
            log.warn("the user answered for a call whose response is no longer open; its answer is dropped");
            return;
        }
        if (v.forward()) {
            byte[] call = v.toServer(null);
            relay.forwardInto(h.request(), call, exchange(h.request(), h.session(), call), h.stream());
        } else if (v.reply() != null) {
            h.stream().send(v.reply(), true);
        } else {
            h.stream().fail(new IOException("the call was dropped"));
        }
    }

    /** Every 250 ms: held calls whose time ran out are denied, and held calls that asked for progress get it. */
    private void tickHeldCalls() {
        try {
            for (SessionState s : held.sessions()) {
                for (MessageGate.ToHeldCall m : gate.expired(s)) {
                    HeldCalls.Held h = held.remove(s.session(), m.callIdKey());
                    if (h != null) {
                        h.stream().send(m.message(), true);
                    }
                }
                for (MessageGate.ToHeldCall m : gate.progress(s)) {
                    HeldCalls.Held h = held.get(s.session(), m.callIdKey());
                    if (h != null) {
                        h.stream().send(m.message(), false);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not answer a call held for approval: " + e.getMessage());
        }
    }

    private void forward(Request request, byte[] body, SessionState s, Response response, Callback callback) {
        relay.forward(request, body, exchange(request, s, null), response, callback);
    }

    /**
     * What the proxy adds to one relayed exchange; {@code heldCall}: the approved call being relayed
     * into its held stream (its failure is answered under the call's id), else null.
     */
    private HttpRelay.Exchange exchange(Request request, SessionState s, byte[] heldCall) {
        return new HttpRelay.Exchange() {
            @Override
            public void requestHeaders(HttpFields.Mutable to) {
                copyRequestHeaders(request, to);
            }

            @Override
            public void head(org.eclipse.jetty.client.Response head) throws IOException {
                // The session the server assigns (initialize) belongs to the identity that asked for it.
                String assigned = head.getHeaders().get(SESSION_HEADER);
                if (assigned != null && s.session() == null && !auth.mayUse(assigned, s.identity())) {
                    // The server reused an id another identity holds: its answer must not reach this client.
                    throw new IOException("the server assigned session " + assigned + ", which another identity owns");
                }
                if (assigned != null && s.session() == null) {
                    // what initialize taught (whether the client can elicit) stays with the session it opened
                    sessions.putIfAbsent(assigned, s.named(assigned));
                }
                if ("DELETE".equals(request.getMethod()) && head.getStatus() / 100 == 2 && s.session() != null) {
                    sessions.remove(s.session());
                    auth.ended(s.session());
                }
            }

            @Override
            public byte[] oversize(String idJson, boolean serverRequest) {
                if (idJson == null) {
                    return null;
                }
                String problem = "the server's message exceeds the proxy's limit of " + gate.maxMessageBytes()
                        + " bytes (--max-message-bytes)";
                if (serverRequest) {
                    // the server's own request: it gets the error under its id; the client never sees it
                    answerUpstream(request, JsonRpc.bytes(JsonRpc.error(dev.mcppol.runtime.json.Json.MAPPER.readTree(idJson),
                            JsonRpc.MESSAGE_TOO_LARGE, problem, null)));
                    return null;
                }
                return gate.abandoned(idJson, s, JsonRpc.MESSAGE_TOO_LARGE, problem);
            }

            @Override
            public MessageGate.ServerVerdict fromServer(byte[] message, int offset, int length) {
                byte[] m = offset == 0 && length == message.length ? message
                        : java.util.Arrays.copyOfRange(message, offset, offset + length);
                return HttpProxy.this.fromServer(m, request, s);
            }

            @Override
            public byte[] unanswered(Throwable why) {
                if (heldCall == null) {
                    return null;
                }
                String serverId;
                try {
                    serverId = Json.MAPPER.readTree(heldCall).get("id").toString();
                } catch (RuntimeException e) {
                    return null;
                }
                return gate.abandoned(serverId, s, JsonRpc.INTERNAL_ERROR,
                        "the approved call could not be relayed to the server: " + HttpRelay.shown(why));
            }
        };
    }

    /**
     * The agent's headers towards the server, less those of one hop and, under {@code --auth-*}, the
     * agent's token (never passed through), plus the proxy's own upstream credential.
     */
    private void copyRequestHeaders(Request request, HttpFields.Mutable to) {
        for (HttpField f : request.getHeaders()) {
            String name = f.getLowerCaseName();
            if (!HttpRelay.HOP_BY_HOP.contains(name) && !HttpRelay.BODY_READING.contains(name) && auth.copies(name)) {
                to.add(f);
            }
        }
        auth.addUpstreamHeaders(to);
    }

    /** A server message through the gate; a refused server request is answered upstream in the client's place. */
    private MessageGate.ServerVerdict fromServer(byte[] m, Request request, SessionState s) {
        MessageGate.ServerVerdict v = gate.fromServer(m, 0, m.length, s);
        if (v.toServer() != null) {
            answerUpstream(request, v.toServer());
        }
        return v;
    }

    /**
     * POSTs the proxy's answer to a server request (a refused sampling, elicitation or roots request)
     * to the server, with the session's headers, as the client would have answered it.
     */
    private void answerUpstream(Request request, byte[] answer) {
        org.eclipse.jetty.client.Request up = client.newRequest(upstream).method("POST").headers(h -> {
            for (HttpField f : request.getHeaders()) {
                String name = f.getLowerCaseName();
                if (!HttpRelay.HOP_BY_HOP.contains(name) && !HttpRelay.BODY_READING.contains(name) && auth.copies(name)
                        && !name.equals("accept") && !name.equals("last-event-id")) {
                    h.add(f.getName(), f.getValue());
                }
            }
            auth.addUpstreamHeaders(h);
            h.put("Accept", "application/json, text/event-stream");
        });
        up.body(new BytesRequestContent("application/json", answer));
        up.send(result -> {
            if (result.isFailed() || result.getResponse().getStatus() / 100 != 2) {
                log.warn("answering a refused server request failed: " + (result.isFailed()
                        ? result.getFailure().getMessage() : "HTTP " + result.getResponse().getStatus()));
            }
        });
    }

    /**
     * For an answer sent before the request's body was read to its end (a refusal, or a body over the
     * size limit): the rest of that body is still on the connection, so the connection cannot carry
     * another request. Jetty then closes it after the answer; saying so in the answer ({@code
     * Connection: close}) keeps a keep-alive client from sending its next request into a connection
     * that is about to close, which it would see as an answer with no bytes.
     */
    private static void closeIfUnread(Request request, Response response) {
        // a body: of known length, or chunked (no Content-Length, a Transfer-Encoding); a GET has neither
        if (request.getLength() > 0 || request.getHeaders().contains(org.eclipse.jetty.http.HttpHeader.TRANSFER_ENCODING)) {
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONNECTION,
                    org.eclipse.jetty.http.HttpHeaderValue.CLOSE.asString());
        }
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", type);
        response.getHeaders().put("Content-Length", body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void sendError(Response response, Callback callback, int status, String message) {
        send(response, callback, status, "application/json",
                JsonRpc.bytes(JsonRpc.error(Json.NODES.nullNode(), JsonRpc.INVALID_REQUEST, message, null)));
    }
}
