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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import dev.mcppol.runtime.proxy.wire.AgentExchange;
import dev.mcppol.runtime.proxy.wire.JettyUpstream;
import dev.mcppol.runtime.proxy.wire.Upstream;
import dev.mcppol.runtime.proxy.wire.WireClient;
import dev.mcppol.runtime.proxy.wire.WireServer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * The Streamable HTTP proxy: one listener that serves the MCP endpoint (the upstream URL's path),
 * {@code /healthz} and {@code /metrics}. POSTed messages go through the gate; responses, JSON or SSE,
 * are streamed back through it; GET (the server's event stream) and DELETE (end of session) pass
 * through. State is kept per {@code Mcp-Session-Id}.
 *
 * <p>The transport is the proxy's own ({@link WireServer}, {@link WireClient}): an exchange is read,
 * decided, sent on and answered on one event loop. Where deciding can wait on the network (a limiter
 * on Redis, signing keys fetched for tokens), the decision runs on a worker instead, so a loop never
 * waits.
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
    /** Null when deciding never waits on the network: everything then runs on the event loops. */
    private final ExecutorService workers;
    private WireServer server;
    private Upstream client;
    private HttpRelay relay;
    private ScheduledExecutorService heldTimer;

    HttpProxy(MessageGate gate, ProxyMetrics metrics, ProxyLog log, String host, int port, URI upstream,
              String identityHeader, List<String> allowedOrigins, List<String> allowedHosts) {
        this(gate, metrics, log, host, port, upstream, identityHeader, allowedOrigins, allowedHosts,
                HttpAuthentication.NONE, false);
    }

    HttpProxy(MessageGate gate, ProxyMetrics metrics, ProxyLog log, String host, int port, URI upstream,
              String identityHeader, List<String> allowedOrigins, List<String> allowedHosts,
              HttpAuthentication auth, boolean decidingWaits) {
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
        // The queue holds at most one exchange per open connection (a connection reads its next request
        // only once the one before is answered), so it is bounded by WireServer.MAX_CONNECTIONS.
        this.workers = decidingWaits ? new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), daemon("mcppol-http-worker")) : null;
        if (workers != null) {
            ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        }
    }

    /** Workers at most, when deciding can wait on the network. */
    private static final int WORKERS = 256;

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    void start() throws ProxyStartException {
        try {
            client = "https".equals(upstream.getScheme()) ? new JettyUpstream(upstream) : new WireClient(upstream);
            relay = new HttpRelay(client, gate.maxMessageBytes(), log);
            server = WireServer.start(host, port, Math.max(1, Runtime.getRuntime().availableProcessors()),
                    new McpHandler(), log::warn);
            heldTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(daemon("mcppol-held-calls"));
            heldTimer.scheduleWithFixedDelay(this::tickHeldCalls, 250, 250, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new ProxyStartException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("listening on http://" + host + ":" + port() + path() + " -> " + upstream);
    }

    /** Threads busy deciding right now (tests: a slow client must not hold one). */
    int busyThreads() {
        return workers == null ? 0 : ((ThreadPoolExecutor) workers).getActiveCount();
    }

    /** Runs the part of an exchange that decides: on a worker when that can wait on the network, else here. */
    private void decide(Runnable work) {
        if (workers == null) {
            work.run();
        } else {
            workers.execute(work);
        }
    }

    public int port() {
        return server.port();
    }

    /** The MCP endpoint path: the upstream URL's path, so a client changes only host and port. */
    public String path() {
        String p = upstream.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    public URI endpoint() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path());
    }

    /** Waits until the proxy is closed. */
    public void join() throws InterruptedException {
        closed.await();
    }

    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void close() {
        if (heldTimer != null) {
            heldTimer.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        closed.countDown();
    }

    private final class McpHandler implements WireServer.Handler {
        @Override
        public void handle(AgentExchange request) {
            if (workers != null && auth.enabled()) {
                decide(() -> route(request)); // verifying a token can fetch signing keys
            } else {
                route(request);
            }
        }
    }

    private void route(AgentExchange request) {
        String path = request.path();
        String method = request.method();
        String repeated;
        try {
            // Every path, /metrics and /healthz included, is refused to a rebinding page.
            // Whatever is answered here is answered without reading the body (see closeIfUnread).
            if (!hosts.allows(request.host())) {
                log.warn("refused a request for a host name not allowed (see --allow-host)");
                sendError(request, 403, "forbidden: host not allowed (see --allow-host)");
            } else if (!origins.allows(request.headers().get("Origin"))) {
                log.warn("refused a request from origin " + request.headers().get("Origin"));
                sendError(request, 403, "forbidden: origin not allowed (see --allow-origin)");
            } else if ("/healthz".equals(path) && "GET".equals(method)) {
                send(request, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
            } else if ("/metrics".equals(path) && "GET".equals(method)) {
                send(request, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.render().getBytes(StandardCharsets.UTF_8));
            } else if (auth.isMetadataPath(path) && "GET".equals(method)) {
                send(request, 200, "application/json", auth.guard().metadata());
            } else if (!path().equals(path)) {
                send(request, 404, "text/plain; charset=utf-8",
                        ("not found; the MCP endpoint is " + path() + "\n").getBytes(StandardCharsets.UTF_8));
            } else if ((repeated = repeatedHeader(request)) != null) {
                String name = repeated;
                metrics.refusedMessage();
                log.warn("refused a request: the " + name + " header is sent more than once");
                sendError(request, 400, "invalid request: the " + name + " header is sent more than once");
            } else if (auth.enabled() && ("POST".equals(method) || "GET".equals(method) || "DELETE".equals(method))) {
                authenticated(request);
            } else if ("POST".equals(method)) {
                post(request, sessionFor(request));
            } else if ("GET".equals(method) || "DELETE".equals(method)) {
                request.streaming();
                forward(request, null, sessionFor(request));
            } else {
                send(request, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            log.warn(method + " " + path + " failed: " + e);
            failed(request, e);
        }
    }

    /** The proxy could not complete an exchange: 502 if nothing of the answer has gone out, else the connection ends. */
    private void failed(AgentExchange request, Throwable e) {
        if (!request.isCommitted()) {
            request.reset();
            sendError(request, 502, "the proxy could not complete the request (the proxy's log says why)");
        } else {
            request.abort(e);
        }
    }

    /**
     * With {@code --auth-*}: nothing is read or forwarded before the bearer token is verified; the
     * identity is the token's claim, and a session is only usable by the identity that opened it.
     */
    private void authenticated(AgentExchange request) {
        Verification v = auth.check(request.headers());
        if (v instanceof Verification.Rejected r) {
            metrics.refusedMessage();
            log.warn("refused a request: " + r.status() + (r.error() == null ? "" : " " + r.error()) + ": " + r.description());
            request.responseHeaders().put("WWW-Authenticate", auth.guard().challenge(r));
            sendError(request, r.status(), (r.status() == 403 ? "forbidden: " : "unauthorized: ") + r.description());
            return;
        }
        Verification.Verified who = (Verification.Verified) v;
        String session = request.headers().get(SESSION_HEADER);
        if (!auth.mayUse(session, who.identity())) {
            metrics.refusedMessage();
            log.warn("refused a request: identity " + who.identity() + " used session " + session
                    + ", which another identity opened");
            sendError(request, 403, "forbidden: this session belongs to another identity");
            return;
        }
        SessionState s = sessionFor(session, who.identity(), who.claims());
        if ("POST".equals(request.method())) {
            post(request, s);
        } else {
            request.streaming();
            forward(request, null, s);
        }
    }

    /**
     * A header the proxy reads one value of, sent more than once; else null. The proxy would take the
     * first, a server may take the last or join them (Node reads "a, b"): session state, limits per
     * session and the identity must name what the server and the front proxy meant.
     */
    private String repeatedHeader(AgentExchange request) {
        for (String name : identityHeader == null ? List.of(SESSION_HEADER, "MCP-Protocol-Version")
                : List.of(SESSION_HEADER, "MCP-Protocol-Version", identityHeader)) {
            if (request.headers().getValuesList(name).size() > 1) {
                return name;
            }
        }
        return null;
    }

    private SessionState sessionFor(AgentExchange request) {
        String identity = identityHeader == null ? null : request.headers().get(identityHeader);
        return sessionFor(request.headers().get(SESSION_HEADER), identity, null);
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
     * connection, not a thread), then decides and forwards.
     */
    private void post(AgentExchange request, SessionState s) {
        String badType = JsonContentType.problem(request.headers().getValuesList(HttpHeader.CONTENT_TYPE));
        if (badType != null) {
            // Decided as UTF-8 JSON, the body must be read as that upstream too (JsonContentType says why).
            metrics.refusedMessage();
            log.warn("refused a POST: " + badType);
            sendError(request, 415, "unsupported media type: " + badType);
            return;
        }
        request.readBody(gate.maxMessageBytes(), new AgentExchange.BodyListener() {
            @Override
            public void body(byte[] body) {
                decide(() -> posted(request, s, body));
            }

            @Override
            public void tooLarge() {
                decide(() -> posted(request, s, null));
            }

            @Override
            public void failed(IOException why) {
                request.abort(why); // the client went silent (idle timeout) or away
            }
        });
    }

    private void posted(AgentExchange request, SessionState s, byte[] body) {
        try {
            post(request, s, body);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            log.warn("POST failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            failed(request, e);
        }
    }

    /** {@code body}: null when it passed the size limit. */
    private void post(AgentExchange request, SessionState s, byte[] body) {
        request.streaming();
        if (s.session() == null || !acceptsEventStream(request)) {
            // the user's answer would arrive on another POST of the session, and the call's answer must
            // then reach this one as an event: without both, an ask is queued instead
            s = s.withoutHolding();
        }
        MessageGate.ClientVerdict v = body == null ? gate.oversize() : gate.fromClient(body, 0, body.length, s);
        Holding holding = v.holding();
        if (holding != null && holding.asking()) {
            hold(request, s, holding, v.reply());
        } else if (holding != null) {
            release(request, s, holding, v);
        } else if (v.forward()) {
            forward(request, v.toServer(body), s);
        } else if (v.reply() != null) {
            int status = !v.refused() ? 200 : body == null ? 413 : 400;
            send(request, status, "application/json", v.reply());
        } else {
            sendError(request, 400, "invalid request: the message was refused (see the proxy's log)");
        }
    }

    private static boolean acceptsEventStream(AgentExchange request) {
        for (String accept : request.headers().getValuesList("Accept")) {
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
    private void hold(AgentExchange request, SessionState s, Holding holding, byte[] question) {
        EventStream stream = new EventStream(request);
        held.put(s.session(), holding.callIdKey(), new HeldCalls.Held(request, s, stream));
        stream.send(question, false);
    }

    /**
     * The user's answer (a POST of its own, answered 202 as every client response is): the held call
     * goes to the server and its answer into the call's open stream, or its denial does.
     */
    private void release(AgentExchange request, SessionState s, Holding holding, MessageGate.ClientVerdict v) {
        request.setStatus(202);
        request.write(true, ByteBuffer.allocate(0), Callback.NOOP);
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

    private void forward(AgentExchange request, byte[] body, SessionState s) {
        relay.forward(request, body, exchange(request, s, null));
    }

    /**
     * What the proxy adds to one relayed exchange; {@code heldCall}: the approved call being relayed
     * into its held stream (its failure is answered under the call's id), else null.
     */
    private HttpRelay.Exchange exchange(AgentExchange request, SessionState s, byte[] heldCall) {
        return new HttpRelay.Exchange() {
            @Override
            public void requestHeaders(HttpFields.Mutable to) {
                copyRequestHeaders(request, to);
            }

            @Override
            public void head(int status, HttpFields headers) throws IOException {
                // The session the server assigns (initialize) belongs to the identity that asked for it.
                String assigned = headers.get(SESSION_HEADER);
                if (assigned != null && s.session() == null && !auth.mayUse(assigned, s.identity())) {
                    // The server reused an id another identity holds: its answer must not reach this client.
                    throw new IOException("the server assigned session " + assigned + ", which another identity owns");
                }
                if (assigned != null && s.session() == null) {
                    // what initialize taught (whether the client can elicit) stays with the session it opened
                    sessions.putIfAbsent(assigned, s.named(assigned));
                }
                if ("DELETE".equals(request.method()) && status / 100 == 2 && s.session() != null) {
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
                    answerUpstream(request, JsonRpc.bytes(JsonRpc.error(Json.MAPPER.readTree(idJson),
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
    private void copyRequestHeaders(AgentExchange request, HttpFields.Mutable to) {
        for (HttpField f : request.headers()) {
            String name = f.getLowerCaseName();
            if (!HttpRelay.HOP_BY_HOP.contains(name) && !HttpRelay.BODY_READING.contains(name) && auth.copies(name)) {
                to.add(f);
            }
        }
        auth.addUpstreamHeaders(to);
    }

    /** A server message through the gate; a refused server request is answered upstream in the client's place. */
    private MessageGate.ServerVerdict fromServer(byte[] m, AgentExchange request, SessionState s) {
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
    private void answerUpstream(AgentExchange request, byte[] answer) {
        HttpFields.Mutable h = HttpFields.build();
        for (HttpField f : request.headers()) {
            String name = f.getLowerCaseName();
            if (!HttpRelay.HOP_BY_HOP.contains(name) && !HttpRelay.BODY_READING.contains(name) && auth.copies(name)
                    && !name.equals("accept") && !name.equals("last-event-id")) {
                h.add(f.getName(), f.getValue());
            }
        }
        auth.addUpstreamHeaders(h);
        h.put("Accept", "application/json, text/event-stream");
        h.put("Content-Type", JsonContentType.FORWARDED);
        relay.post(request, h, answer);
    }

    private static void send(AgentExchange response, int status, String type, byte[] body) {
        response.setStatus(status);
        response.responseHeaders().put("Content-Type", type);
        response.responseHeaders().put("Content-Length", body.length);
        response.write(true, ByteBuffer.wrap(body), Callback.NOOP);
    }

    private static void sendError(AgentExchange response, int status, String message) {
        send(response, status, "application/json",
                JsonRpc.bytes(JsonRpc.error(Json.NODES.nullNode(), JsonRpc.INVALID_REQUEST, message, null)));
    }
}
