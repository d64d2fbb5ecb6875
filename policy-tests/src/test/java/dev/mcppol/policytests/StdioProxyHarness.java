package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.log.DecisionLog;
import dev.mcppol.runtime.log.Redactor;
import dev.mcppol.runtime.log.TranscriptRecorder;
import dev.mcppol.runtime.proxy.MessageGate;
import dev.mcppol.runtime.proxy.PolicyHolder;
import dev.mcppol.runtime.proxy.ProxyLog;
import dev.mcppol.runtime.proxy.ProxyMetrics;
import dev.mcppol.runtime.proxy.StdioProxy;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The shipped stdio proxy — {@link StdioProxy} relaying through one {@link MessageGate} with a decision
 * log and a recording — driven message by message on a virtual clock. Each (session, identity) gets its
 * own {@code StdioProxy}, as each agent gets its own {@code mcppol proxy} process; they share one gate
 * and limiter, as proxies sharing limits do. The server each proxy starts is a small shell relay to a
 * socket of this harness, which plays the scripted upstream: it sends exactly the server messages it
 * is told to, when it is told to, and answers the harness's own sync pings.
 *
 * <p>Each direction of a stdio proxy is processed in order, one message after the other. Before the
 * clock moves, or another agent or direction takes a turn, the harness waits until what was sent has
 * gone through the gate: towards the server it sends a line the proxy refuses itself (duplicate keys,
 * answered with the line's id), towards the agent the upstream sends a log notification; the answer or
 * the notification arriving at the agent means everything before it was handled.
 */
final class StdioProxyHarness implements AutoCloseable {

    /** Wall-clock origin of the virtual clock (any fixed instant). */
    static final long BASE_MILLIS = 1_800_000_000_000L;
    private static final String SYNC_PREFIX = "mcppol-sync-";
    /** A notification the proxy forwards unchanged: when the upstream reads it, it has read everything before it. */
    private static final String FORWARDED_SYNC = "notifications/harness-sync";
    private static final long WAIT_SECONDS = 60;

    private final AtomicLong clock = new AtomicLong(BASE_MILLIS);
    private final MessageGate gate;
    private final DecisionLog decisionLog;
    private final TranscriptRecorder recorder;
    private final Path decisionLogFile;
    private final ServerSocket upstreams;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ProxyLog log = new ProxyLog(stderr);
    private final Map<List<String>, Lane> lanes = new LinkedHashMap<>();
    private final Map<String, SessionState> sessions = new LinkedHashMap<>();
    private long syncs;
    private long now;
    /** The lane with messages the proxy may not have handled yet, and in which direction; null when none. */
    private Lane unsynced;
    private boolean unsyncedFromServer;

    StdioProxyHarness(Bundle bundle, Path dir) throws IOException {
        this.decisionLogFile = dir.resolve("decisions.jsonl");
        this.decisionLog = new DecisionLog(decisionLogFile, false, new Redactor(List.of()));
        this.recorder = new TranscriptRecorder(dir.resolve("recording.jsonl"), new Redactor(List.of()), BASE_MILLIS,
                null, null);
        PolicyHolder policy = new PolicyHolder(bundle, new InMemoryLimiter(), new ProxyMetrics());
        this.gate = new MessageGate(policy, new MessageGate.Options(MessageGate.DEFAULT_MAX_MESSAGE_BYTES, DriftAction.WARN),
                log, decisionLog, recorder, clock::get);
        this.upstreams = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    Path recording() {
        return decisionLogFile.resolveSibling("recording.jsonl");
    }

    /** Sets the virtual clock to {@code t} milliseconds after the origin. */
    void at(long t) throws Exception {
        if (t != now) {
            settle();
            now = t;
            clock.set(BASE_MILLIS + t);
        }
    }

    /** The agent of (session, identity) sends {@code msg}; returns once the proxy has handled it. */
    void fromClient(String session, String identity, JsonNode claims, JsonNode msg) throws Exception {
        Lane l = turn(session, identity, claims, false);
        l.sendClient(msg);
    }

    /** The server of (session, identity) sends {@code msg}; returns once the proxy has handled it. */
    void fromServer(String session, String identity, JsonNode claims, JsonNode msg) throws Exception {
        Lane l = turn(session, identity, claims, true);
        l.writeUpstream(Json.MAPPER.writeValueAsString(l.underProxyId(msg)));
    }

    /** The lane for the next message, once every message of another lane or direction has been handled. */
    private Lane turn(String session, String identity, JsonNode claims, boolean fromServer) throws Exception {
        Lane l = lane(session, identity, claims);
        if (unsynced != l || unsyncedFromServer != fromServer) {
            settle();
        }
        unsynced = l;
        unsyncedFromServer = fromServer;
        return l;
    }

    /** Waits until the proxy has handled every message sent so far. */
    private void settle() throws Exception {
        if (unsynced != null) {
            unsynced.sync(unsyncedFromServer);
            unsynced = null;
        }
    }

    /** Every decision the proxy logged, in order. */
    List<JsonNode> decisions() throws IOException {
        if (unsynced != null) {
            throw new IllegalStateException("close the harness before reading its decision log");
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(decisionLogFile)) {
            out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private Lane lane(String session, String identity, JsonNode claims) throws Exception {
        // An agent with other verified claims is another proxy's caller (as each token is on HTTP).
        List<String> key = java.util.Arrays.asList(session, identity, claims == null ? null : claims.toString());
        Lane l = lanes.get(key);
        if (l == null) {
            SessionState base = sessions.computeIfAbsent(String.valueOf(session), k -> new SessionState(session, null));
            l = new Lane(base.as(dev.mcppol.runtime.handler.Caller.of(identity, claims)));
            lanes.put(key, l);
        }
        return l;
    }

    /** Stops every proxy and closes the logs; the decision log and recording are complete after this. */
    @Override
    public void close() throws Exception {
        try {
            settle();
        } finally {
            unsynced = null;
        }
        for (Lane l : lanes.values()) {
            l.close();
        }
        upstreams.close();
        decisionLog.close();
        recorder.close();
    }

    /** One agent's stdio proxy, its server relay and the socket of the scripted upstream behind it. */
    private final class Lane {
        private final PipedOutputStream toProxy = new PipedOutputStream();
        private final BlockingQueue<String> toAgent = new LinkedBlockingQueue<>();
        private final Socket upstream;
        private final OutputStream toUpstreamClient;
        private final Thread proxy;
        private final Thread agentReader;
        private final Thread upstreamReader;

        Lane(SessionState session) throws Exception {
            PipedInputStream clientIn = new PipedInputStream(toProxy, 1 << 16);
            PipedInputStream agentIn = new PipedInputStream(1 << 16);
            PipedOutputStream clientOut = new PipedOutputStream(agentIn);
            // The server: a relay from its stdio to this harness's socket (bash's /dev/tcp), started by the proxy.
            String relay = "exec 3<>/dev/tcp/127.0.0.1/" + upstreams.getLocalPort() + "; cat <&3 & exec cat >&3";
            StdioProxy stdio = new StdioProxy(gate, List.of("bash", "-c", relay), clientIn, clientOut, log, session, 2000);
            proxy = new Thread(() -> {
                try {
                    stdio.run();
                } catch (Exception e) {
                    log.warn("proxy stopped: " + e);
                } finally {
                    try {
                        clientOut.close();
                    } catch (IOException ignored) {
                        // the agent side is gone already
                    }
                }
            }, "harness-proxy");
            proxy.setDaemon(true);
            proxy.start();
            upstreams.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            upstream = upstreams.accept();
            toUpstreamClient = upstream.getOutputStream();
            agentReader = reader("harness-agent", new BufferedReader(new InputStreamReader(agentIn, StandardCharsets.UTF_8)),
                    toAgent::add);
            // What the proxy forwards to the server is read for the ids it carries: the upstream answers only
            // when told to, under the id the proxy gave the request (as a real server does).
            BufferedReader fromProxy = new BufferedReader(new InputStreamReader(upstream.getInputStream(), StandardCharsets.UTF_8));
            upstreamReader = reader("harness-upstream", fromProxy, this::forwarded);
        }

        /** Client requests sent whose forwarded copy the upstream has not seen yet, in order. */
        private final List<JsonNode> unmatched = new ArrayList<>();
        /** Forwarded requests not answered yet: the client's id (as a key) and the proxy's id. */
        private final List<JsonNode[]> open = new ArrayList<>();
        private final BlockingQueue<String> forwardedMarkers = new LinkedBlockingQueue<>();

        void sendClient(JsonNode msg) throws Exception {
            if (msg.isObject() && msg.has("id") && msg.has("method")) {
                synchronized (this) {
                    unmatched.add(msg);
                }
            }
            send(Json.MAPPER.writeValueAsString(msg));
        }

        /** A line the proxy forwarded: a sync marker, or a request matched to the client request it carries. */
        private void forwarded(String line) {
            JsonNode f;
            try {
                f = Json.MAPPER.readTree(line);
            } catch (RuntimeException e) {
                return;
            }
            if (FORWARDED_SYNC.equals(f.path("method").asString(null))) {
                forwardedMarkers.add(f.path("params").path("m").asString(""));
                return;
            }
            if (!f.has("id") || !f.has("method")) {
                return;
            }
            synchronized (this) {
                for (int i = 0; i < unmatched.size(); i++) {
                    if (withoutId(unmatched.get(i)).equals(withoutId(f))) {
                        open.add(new JsonNode[] {unmatched.remove(i).get("id"), f.get("id")});
                        return;
                    }
                }
            }
        }

        private static JsonNode withoutId(JsonNode m) {
            tools.jackson.databind.node.ObjectNode c = (tools.jackson.databind.node.ObjectNode) m.deepCopy();
            c.remove("id");
            return c;
        }

        /** A scripted server answer under the id the proxy gave the oldest open request with the client's id. */
        synchronized JsonNode underProxyId(JsonNode msg) {
            if (!msg.isObject() || msg.has("method") || !msg.has("id")) {
                return msg;
            }
            for (int i = 0; i < open.size(); i++) {
                if (open.get(i)[0].toString().equals(msg.get("id").toString())) {
                    tools.jackson.databind.node.ObjectNode c = (tools.jackson.databind.node.ObjectNode) msg.deepCopy();
                    c.set("id", open.remove(i)[1]);
                    return c;
                }
            }
            return msg; // an answer to nothing the proxy forwarded: the proxy drops it, as a replay does
        }

        private Thread reader(String name, BufferedReader in, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    // closed at the end of the session
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private synchronized void writeUpstream(String line) {
            try {
                toUpstreamClient.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                toUpstreamClient.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void send(String line) throws Exception {
            toProxy.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toProxy.flush();
        }

        /**
         * Waits until the proxy has handled every message sent in one direction: a marker sent after them
         * in that direction arrives at the agent only then.
         */
        void sync(boolean fromServer) throws Exception {
            String marker = SYNC_PREFIX + (++syncs);
            if (fromServer) {
                writeUpstream("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"debug\",\"data\":\""
                        + marker + "\"}}");
            } else {
                // Duplicate keys: the proxy refuses the line itself, answering with its id, and never forwards it.
                send("{\"jsonrpc\":\"2.0\",\"id\":\"" + marker + "\",\"id\":\"" + marker + "\"}");
            }
            while (true) {
                String line = toAgent.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("the proxy did not pass " + marker + " on; its stderr:\n" + stderr());
                }
                JsonNode msg = Json.MAPPER.readTree(line);
                String seen = fromServer ? msg.path("params").path("data").asString(null) : msg.path("id").asString(null);
                if (marker.equals(seen)) {
                    break;
                }
            }
            if (!fromServer) {
                // and every forwarded message has reached the upstream: a notification sent after them arrives
                send("{\"jsonrpc\":\"2.0\",\"method\":\"" + FORWARDED_SYNC + "\",\"params\":{\"m\":\"" + marker + "\"}}");
                while (true) {
                    String m = forwardedMarkers.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                    if (m == null) {
                        throw new AssertionError("the proxy did not forward " + marker + "; its stderr:\n" + stderr());
                    }
                    if (marker.equals(m)) {
                        return;
                    }
                }
            }
        }

        void close() throws Exception {
            toProxy.close();
            upstream.close();
            proxy.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (proxy.isAlive()) {
                throw new AssertionError("the stdio proxy did not stop after its agent left");
            }
            agentReader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            upstreamReader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
    }
}
