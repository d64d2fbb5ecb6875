package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ids between the proxy and the server, for one session. Every request the proxy forwards goes
 * out under an id of the proxy's own ({@code "mcppol-N"}, never reused in the session), and the
 * answer is mapped back to the client's id. So what the proxy does with an answer (filtering a list)
 * never depends on how the client spelled its id: {@code 1e1} read by the server as {@code 10}, the
 * same id sent twice, two concurrent requests with one id, all reach the server as distinct ids the
 * server echoes verbatim. An answer under an id the proxy never sent is dropped (the client could not
 * match it anyway); an answer the server sends again (an HTTP stream resumed with
 * {@code Last-Event-ID}) is recognised from the recently answered ids and goes through the same
 * handling, filtering included.
 *
 * <p>Bounded: at most {@link #MAX_OUTSTANDING} requests wait for the server per session and
 * {@link #MAX_OUTSTANDING_TOTAL} in all sessions of one handler (past either a request is refused, not
 * forwarded); a request unanswered after {@link #MAX_WAIT_MILLIS} is no longer waited for (its late
 * answer is dropped); an id longer than {@link #MAX_ID_CHARS} characters is refused; and
 * {@link #MAX_ANSWERED} answered ids are remembered.
 */
final class ServerIds {
    static final String PREFIX = "mcppol-";
    static final int MAX_OUTSTANDING = 1024;
    static final int MAX_ANSWERED = 256;
    static final int MAX_ID_CHARS = 256;
    static final int MAX_OUTSTANDING_TOTAL = 65_536;
    static final long MAX_WAIT_MILLIS = 30 * 60_000L;

    /**
     * One forwarded request: the client's id, the method, and what reads the answer (or null); both ids
     * also as {@link JsonRpc#idKey} has them, computed once (a replay matches every answer by them).
     */
    record Forwarded(String serverId, JsonNode clientId, String method, ResponseHandler awaiting, long sentAt,
                     java.util.concurrent.atomic.AtomicInteger pool, String serverIdKey, String clientIdKey) {
    }

    private long next;
    private final Map<String, Forwarded> outstanding = new LinkedHashMap<>();
    private final Map<String, Forwarded> answered = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Forwarded> eldest) {
            return size() > MAX_ANSWERED;
        }
    };

    /**
     * {@code h} as it leaves for the server: a forwarded request gets the proxy's id; anything else is
     * unchanged. A request the proxy cannot keep track of is answered with an error instead.
     */
    synchronized Handled outbound(Handled h, JsonNode original, long now,
                                  java.util.concurrent.atomic.AtomicInteger pool) {
        return outbound(h, original, now, pool, true);
    }

    /**
     * {@link #outbound}; without {@code copy}, a forwarded request is kept track of all the same but
     * {@code h} comes back as it was, without the request's copy under the proxy's id (a replay never
     * reads it).
     */
    synchronized Handled outbound(Handled h, JsonNode original, long now,
                                  java.util.concurrent.atomic.AtomicInteger pool, boolean copy) {
        if (h.action() != Handled.Action.FORWARD) {
            return h;
        }
        JsonNode m = h.message() != null ? h.message() : original;
        if (!m.has("method") || !m.has("id")) {
            return cancellation(h, m); // a notification or the client's answer to a server request
        }
        JsonNode clientId = m.get("id");
        String clientIdKey = JsonRpc.idKey(clientId);
        if (clientIdKey.length() > MAX_ID_CHARS) { // the id as JSON text
            return Handled.answer(JsonRpc.error(Json.NODES.nullNode(), JsonRpc.INVALID_REQUEST,
                    "invalid request: the id is longer than " + MAX_ID_CHARS + " characters", null), null, false,
                    java.util.List.of("refused a client request: its id is longer than " + MAX_ID_CHARS + " characters"));
        }
        expire(now);
        if (outstanding.size() >= MAX_OUTSTANDING || pool.get() >= MAX_OUTSTANDING_TOTAL) {
            return Handled.answer(JsonRpc.error(clientId, JsonRpc.TOO_MANY_PENDING, "too many requests are waiting for"
                    + " the server in this session (" + MAX_OUTSTANDING + "); this one was not forwarded", null), null,
                    false, java.util.List.of("refused a client request: " + MAX_OUTSTANDING
                            + " requests of this session are already waiting for the server"));
        }
        String serverId = PREFIX + (++next);
        pool.incrementAndGet();
        String serverIdKey = JsonRpc.idKey(Json.NODES.stringNode(serverId));
        outstanding.put(serverIdKey, new Forwarded(serverId, clientId, m.path("method").asString(""), h.awaiting(), now,
                pool, serverIdKey, clientIdKey));
        if (!copy) {
            return h;
        }
        // A new top level over the request's own members (the id in its place): what goes to the server
        // is written from it at once, and nothing changes a message's members after this point (a
        // rewrite works on a copy of its own), so copying them too would only cost time per call.
        ObjectNode out = Json.NODES.objectNode();
        for (java.util.Map.Entry<String, JsonNode> e : m.properties()) {
            out.set(e.getKey(), e.getValue());
        }
        out.put("id", serverId);
        return h.forwarding(out);
    }

    /** {@code notifications/cancelled} names the request by the id the server knows. */
    private Handled cancellation(Handled h, JsonNode m) {
        if (!"notifications/cancelled".equals(m.path("method").asString(null))) {
            return h;
        }
        JsonNode requestId = m.path("params").get("requestId");
        Forwarded f = requestId == null ? null : byClientId(JsonRpc.idKey(requestId));
        if (f == null) {
            return Handled.dropped("dropped a cancellation of a request the server is not working on");
        }
        ObjectNode out = (ObjectNode) m.deepCopy();
        ((ObjectNode) out.get("params")).put("requestId", f.serverId());
        return h.forwarding(out);
    }

    /**
     * The request the server's answer {@code serverIdKey} belongs to, no longer outstanding; a repeated
     * answer finds it among the recently answered; null when the proxy never sent that id.
     */
    synchronized Forwarded answer(String serverIdKey) {
        if (serverIdKey == null) {
            return null;
        }
        Forwarded f = outstanding.remove(serverIdKey);
        if (f != null) {
            f.pool().decrementAndGet();
            answered.put(serverIdKey, f);
            return f;
        }
        return answered.get(serverIdKey);
    }

    /**
     * Like {@link #answer}, for an answer the proxy passes on unread: only a request still outstanding
     * whose answer nothing reads (no list filter) is taken; otherwise nothing changes and null is
     * returned, and the answer is read in full.
     */
    synchronized Forwarded answerUnread(String serverIdKey) {
        Forwarded f = outstanding.get(serverIdKey);
        return f == null || f.awaiting() != null ? null : answer(serverIdKey);
    }

    /**
     * For a recorded answer under the client's id {@code clientIdKey} that nothing reads: what
     * {@code answer(serverIdKeyFor(clientIdKey))} does (the oldest request the client sent under that id
     * no longer waits; none: the answer is dropped), and true; false, with nothing changed, when that
     * request's answer is read (list filtering): then it goes through {@link #answer}.
     */
    synchronized boolean answerUnreadRecorded(String clientIdKey) {
        Forwarded f = byClientId(clientIdKey);
        if (f == null) {
            return true;
        }
        if (f.awaiting() != null) {
            return false;
        }
        answer(f.serverIdKey());
        return true;
    }

    /**
     * The proxy's id for the oldest outstanding request the client sent as {@code clientIdKey} (a
     * recording keeps the client's ids; its replay answers requests in the order they went out).
     */
    synchronized String serverIdKeyFor(String clientIdKey) {
        Forwarded f = byClientId(clientIdKey);
        return f == null ? null : f.serverIdKey();
    }

    private Forwarded byClientId(String clientIdKey) {
        for (Iterator<Forwarded> it = outstanding.values().iterator(); it.hasNext(); ) {
            Forwarded f = it.next();
            if (f.clientIdKey().equals(clientIdKey)) {
                return f;
            }
        }
        return null;
    }

    /** Requests waiting longer than {@link #MAX_WAIT_MILLIS}, oldest first, are no longer waited for. */
    private void expire(long now) {
        for (Iterator<Forwarded> it = outstanding.values().iterator(); it.hasNext(); ) {
            Forwarded f = it.next();
            if (now - f.sentAt() < MAX_WAIT_MILLIS) {
                return; // in the order sent: the rest are younger
            }
            it.remove();
            f.pool().decrementAndGet();
        }
    }

    synchronized int outstanding() {
        return outstanding.size();
    }
}
