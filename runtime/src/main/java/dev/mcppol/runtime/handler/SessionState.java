package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * What the {@link CallHandler} remembers about one MCP session: the requests forwarded to the server
 * (under the proxy's own ids, {@link ServerIds}, each with what to do with the answer), and the tool
 * entries the server last announced (the session's input schemas, and the evidence for schema drift).
 * The {@link Caller} belongs to the message, not the session: on HTTP every request carries its own,
 * so {@link #as} gives a view with another caller over the same shared state.
 */
public final class SessionState {
    private final String session;
    private final Caller caller;
    private final Shared shared;
    /** Whether the exchange this view serves can keep a call waiting while the user is asked. */
    private final boolean canHold;

    private static final class Shared {
        final ServerIds serverIds = new ServerIds();
        final Map<String, JsonNode> liveTools = new ConcurrentHashMap<>();
        /** The resource templates the server listed, in list order: their variables feed resource conditions. */
        final Map<String, dev.mcppol.runtime.mcp.UriTemplate> templates = dev.mcppol.runtime.mcp.MethodPolicy.newTemplates();
        /** Calls held while the user is asked, by the id of the proxy's own elicitation request. */
        final Map<String, PendingApproval> held = new java.util.LinkedHashMap<>();
        final java.util.concurrent.atomic.AtomicLong approvalRequests = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean clientElicits;
        volatile boolean toolsListed;
        /** The last progress step sent for each held call, by the id of its elicitation. */
        final Map<String, Long> progressSent = new java.util.HashMap<>();
    }

    /** Most calls one session may have waiting for the user at once; past it, asks are queued instead. */
    static final int MAX_HELD = 16;
    static final String APPROVAL_ID_PREFIX = "mcppol-approval-";

    public SessionState(String session, String identity) {
        this(session, Caller.of(identity), new Shared(), true);
    }

    private SessionState(String session, Caller caller, Shared shared, boolean canHold) {
        this.session = session;
        this.caller = caller;
        this.shared = shared;
        this.canHold = canHold;
    }

    /**
     * The same state under the id the server just assigned ({@code initialize} over HTTP, sent before
     * the session had an id): what the exchange learnt (the client can elicit) stays with the session.
     */
    public SessionState named(String assigned) {
        return new SessionState(assigned, caller, shared, true);
    }

    /**
     * This view, for an exchange that cannot keep a call waiting for the user (an HTTP POST with no
     * session to carry the answer, or whose client does not take an event stream): an ask is queued.
     */
    public SessionState withoutHolding() {
        return new SessionState(session, caller, shared, false);
    }

    boolean canHold() {
        return canHold;
    }

    /** The same session, for a message sent on behalf of {@code otherIdentity}. */
    public SessionState as(String otherIdentity) {
        return as(Caller.of(otherIdentity));
    }

    /** The same session, for a message sent by {@code other}. */
    public SessionState as(Caller other) {
        return new SessionState(session, other, shared, canHold);
    }

    /** The session id, or null (stateless HTTP, or before the server assigned one). */
    public String session() {
        return session;
    }

    public Caller caller() {
        return caller;
    }

    public String identity() {
        return caller.identity();
    }

    /** The caller's claims (an object), or null when the transport established none. */
    public JsonNode claims() {
        return caller.claims();
    }

    /** The ids between the proxy and the server: every forwarded request goes out under the proxy's own. */
    ServerIds serverIds() {
        return shared.serverIds;
    }

    Map<String, dev.mcppol.runtime.mcp.UriTemplate> templates() {
        return shared.templates;
    }

    /**
     * The client declared the {@code elicitation} capability in its {@code initialize} (a case file's
     * {@code approval} declares it for its session).
     */
    public void clientElicits(boolean yes) {
        shared.clientElicits = yes;
    }

    boolean clientElicits() {
        return shared.clientElicits;
    }

    /**
     * The id of the proxy's next own request in this session: the same sequence in the proxy and in a
     * replay of its recording, and a string the client's own numeric ids never equal.
     */
    String nextApprovalRequestId() {
        return APPROVAL_ID_PREFIX + shared.approvalRequests.incrementAndGet();
    }

    /** Holds a call while the user is asked; false when the session already holds too many. */
    boolean hold(PendingApproval p) {
        synchronized (shared.held) {
            if (shared.held.size() >= MAX_HELD) {
                return false;
            }
            shared.held.put(JsonRpc.idKey(Json.NODES.stringNode(p.requestId())), p);
            return true;
        }
    }

    /** The calls held right now (a snapshot). */
    java.util.List<PendingApproval> heldCalls() {
        synchronized (shared.held) {
            return java.util.List.copyOf(shared.held.values());
        }
    }

    /** True once per new progress {@code step} of the held call {@code requestId}. */
    boolean progressStep(String requestId, long step) {
        synchronized (shared.held) {
            Long last = shared.progressSent.get(requestId);
            if (last != null && last >= step) {
                return false;
            }
            shared.progressSent.put(requestId, step);
            return true;
        }
    }

    /** The held call the client's answer {@code idKey} resolves, removed; null when none. */
    PendingApproval release(String idKey) {
        if (idKey == null) {
            return null;
        }
        synchronized (shared.held) {
            PendingApproval p = shared.held.remove(idKey);
            if (p != null) {
                shared.progressSent.remove(p.requestId());
            }
            return p;
        }
    }

    /** The held calls whose deadline has come, removed. */
    java.util.List<PendingApproval> expired(long now) {
        java.util.List<PendingApproval> out = new java.util.ArrayList<>();
        synchronized (shared.held) {
            var it = shared.held.values().iterator();
            while (it.hasNext()) {
                PendingApproval p = it.next();
                if (now >= p.deadline()) {
                    out.add(p);
                    it.remove();
                    shared.progressSent.remove(p.requestId());
                }
            }
        }
        return out;
    }

    /** Whether the server has answered a {@code tools/list} of this session (its live schemas are known). */
    boolean toolsListed() {
        return shared.toolsListed;
    }

    void listedTools() {
        shared.toolsListed = true;
    }

    void announced(String tool, JsonNode entry) {
        shared.liveTools.put(tool, entry);
    }

    public JsonNode liveTool(String tool) {
        return shared.liveTools.get(tool);
    }
}
