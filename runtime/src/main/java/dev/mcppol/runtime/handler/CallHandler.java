package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The one place that decides what happens to an MCP message, with no transport in sight: the proxy
 * (stdio and HTTP, through {@code MessageGate}) and the transcript replay of {@code mcppol test} both
 * hand every message here, so a green replay is the behaviour the proxy ships.
 *
 * <p>Input: one parsed JSON-RPC message, its session (with the caller it was sent for) and the time.
 * Output: a {@link Handled} — forward it (as is or rewritten), answer it in the other side's place, or
 * drop it — with the decision taken, if any. Messages are dispatched by method through a table
 * ({@link MethodHandler}); a request whose answer must be read registers a {@link ResponseHandler} in
 * its session. A method absent from the table goes through unchanged.
 */
public final class CallHandler {

    private final Supplier<Engine> policy;
    private final Map<String, MethodHandler> fromClient = new HashMap<>();
    /** Requests the server sends to the client (sampling, elicitation, …) are dispatched here. */
    private final Map<String, MethodHandler> fromServer = new HashMap<>();

    /**
     * @param policy  the policy in force, read once per message (the proxy swaps it on reload)
     * @param onDrift what a call to a tool whose live schema drifted from the bundle's gets
     */
    public CallHandler(Supplier<Engine> policy, DriftAction onDrift) {
        this(policy, onDrift, ApprovalConfig.off());
    }

    /** @param approvals how a person approves what an {@code ask} rule stops (docs/APPROVALS.md) */
    public CallHandler(Supplier<Engine> policy, DriftAction onDrift, ApprovalConfig approvals) {
        this.policy = policy;
        this.approvals = new AskApprovals(approvals);
        ToolsList toolsList = new ToolsList(onDrift);
        fromClient.put(ToolCallRequest.METHOD, new ToolsCall(onDrift, this.approvals));
        fromClient.put("tools/list", toolsList);
        // Every other request the policy can decide (docs/DESIGN.md, "Every MCP method").
        MethodRequests requests = new MethodRequests();
        for (String m : MethodRequests.CLIENT_METHODS) {
            fromClient.put(m, requests);
        }
        for (String m : MethodRequests.SERVER_METHODS) {
            fromServer.put(m, requests);
        }
        fromClient.put("completion/complete", new CompletionRequest());
        MethodLists lists = new MethodLists();
        for (String m : MethodLists.METHODS) {
            fromClient.put(m, lists);
        }
        fromClient.put("initialize", CallHandler::initialize);
    }

    private final AskApprovals approvals;
    /** Requests of every session waiting for the server (bounded, {@link ServerIds}). */
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

    /** The client's {@code initialize}: whether it can ask its user (elicitation) decides how asks are approved. */
    private static Handled initialize(Inbound in) {
        JsonNode elicitation = in.msg().path("params").path("capabilities").get("elicitation");
        in.session().clientElicits(elicitation != null && elicitation.isObject());
        return Handled.FORWARD;
    }

    /**
     * Calls held for the user's answer whose time ran out, each denied: the transport sends these
     * answers to the client (the proxy checks every second; a replay before each record).
     */
    public List<Handled> expire(SessionState session, long now) {
        return approvals.expire(session, policy.get().bundle().sha256(), now);
    }

    /**
     * Progress notifications for calls held while the user is asked, where the call's request asked
     * for progress; the transport sends them to the client (not recorded: they decide nothing).
     */
    public List<HeldMessage> progress(SessionState session, long now) {
        return approvals.progress(session, now);
    }

    /** A message from the client (the agent) to the server. */
    public Handled fromClient(JsonNode msg, SessionState session, long now) {
        return clientMessage(msg, null, session, now, false);
    }

    /**
     * A client message as a recording keeps it: a {@code tools/call} whose arguments the recording redacted
     * carries the approval hash the proxy computed over the arguments it received ({@code argumentsHash}),
     * and approvals are matched by that hash, as in the proxy. Null: computed from the message.
     */
    public Handled fromRecordedClient(JsonNode msg, String argumentsHash, SessionState session, long now) {
        return clientMessage(msg, argumentsHash, session, now, false);
    }

    /**
     * {@code fromRecordedClient(msg, argumentsHash, session, now).decided()}, for a replay, which reads
     * only the decision: the same decision, and the same state after it (the ids handed out, the requests
     * waiting for the server, the calls held for approval), without building what nobody reads — the
     * answer to a denied {@code tools/call} and the copy of a forwarded request under the proxy's id
     * (they cost a replay a tenth of its time, and a fifth of what it allocates).
     */
    public Decided decideRecordedClient(JsonNode msg, String argumentsHash, SessionState session, long now) {
        return clientMessage(msg, argumentsHash, session, now, true).decided();
    }

    private Handled clientMessage(JsonNode msg, String argumentsHash, SessionState session, long now,
                                  boolean unread) {
        if (msg == null || !msg.isObject()) {
            return Handled.refusedDrop("refused a client message: a message must be a JSON object");
        }
        if (JsonRpc.isResponse(msg)) {
            // the client's answer to the proxy's own question (approval by elicitation) goes no further
            PendingApproval held = session.release(JsonRpc.idKey(msg.get("id")));
            if (held != null) {
                // an approved call goes to the server now, under the proxy's id like any request
                return session.serverIds().outbound(approvals.onAnswer(new Inbound(msg, session, policy.get(), now),
                        held), msg, now, outstanding).holding(new Holding(held.call().get("id"), false));
            }
            if (isApprovalAnswer(msg)) {
                // a late answer to a question whose call was already denied for want of one: the server never asked it
                return Handled.dropped("dropped a late answer to an approval question (its call was already denied)");
            }
        }
        return session.serverIds().outbound(dispatch(fromClient, msg, argumentsHash, session, now, unread), msg, now,
                outstanding, !unread);
    }

    /** A message from the server to the client, as the server sent it (answers carry the proxy's ids). */
    public Handled fromServer(JsonNode msg, SessionState session, long now) {
        if (msg == null || !msg.isObject()) {
            return Handled.refusedDrop("dropped a server message: a message must be a JSON object");
        }
        if (JsonRpc.isResponse(msg)) {
            return answer(msg, JsonRpc.idKey(msg.get("id")), session, now);
        }
        return dispatch(fromServer, msg, null, session, now, false);
    }

    /**
     * The client's id for the server's answer to the proxy's request {@code serverId} when that answer
     * goes to the client as the server sent it but for its id (nothing reads it: not an answer to a
     * list the policy filters), the request no longer waited for; null otherwise, with nothing changed:
     * then the answer goes through {@link #fromServer}. The same outcome as {@link #fromServer} for such
     * an answer, without reading it (the proxy's fast path; a replay's is {@link #recordedAnswerUnread}).
     */
    public JsonNode answerAsSent(String serverId, SessionState session) {
        ServerIds.Forwarded f = session.serverIds().answerUnread(JsonRpc.idKey(Json.NODES.stringNode(serverId)));
        return f == null ? null : f.clientId();
    }

    /**
     * A server message as a recording keeps it: an answer carries the client's id (the proxy mapped it
     * back), so it is matched to the oldest request the client sent under that id that is still open.
     */
    public Handled fromRecordedServer(JsonNode msg, SessionState session, long now) {
        if (msg != null && msg.isObject() && JsonRpc.isResponse(msg)) {
            return answer(msg, session.serverIds().serverIdKeyFor(JsonRpc.idKey(msg.get("id"))), session, now);
        }
        return fromServer(msg, session, now);
    }

    /**
     * For a recorded server answer under the client's id {@code clientId} that nothing reads (not an
     * answer to a list the policy filters): the same outcome as {@link #fromRecordedServer} — the
     * request no longer waits (or, none waiting, the answer is dropped), nothing is decided — and true,
     * without the answer's tree; false, with nothing changed, when it must be read: then it goes
     * through {@link #fromRecordedServer}. A replay's counterpart of {@link #answerAsSent}.
     */
    public boolean recordedAnswerUnread(JsonNode clientId, SessionState session) {
        return session.serverIds().answerUnreadRecorded(JsonRpc.idKey(clientId));
    }

    /**
     * The server's answer to a request the proxy forwarded: back under the client's id, through what
     * reads it (list filtering). An answer to an id the proxy never sent is dropped: it could carry a
     * list no filter has seen, and no client request waits for it.
     */
    private Handled answer(JsonNode msg, String serverIdKey, SessionState session, long now) {
        ServerIds.Forwarded f = session.serverIds().answer(serverIdKey);
        if (f == null) {
            return Handled.refusedDrop("dropped a server answer to an id the proxy did not send");
        }
        tools.jackson.databind.node.ObjectNode restored = (tools.jackson.databind.node.ObjectNode) msg.deepCopy();
        restored.set("id", f.clientId());
        Handled h = f.awaiting() == null ? Handled.FORWARD
                : f.awaiting().onResponse(new Inbound(restored, session, policy.get(), now));
        return h.receivedAs(restored);
    }

    /**
     * The client's id of the forwarded request {@code serverIdKey} whose answer will never come (the
     * server could not be written to, or its answer was too large to read), no longer waited for; null
     * when the proxy did not send that id.
     */
    public JsonNode abandoned(String serverIdKey, SessionState session) {
        ServerIds.Forwarded f = session.serverIds().answer(serverIdKey);
        return f == null ? null : f.clientId();
    }

    private Handled dispatch(Map<String, MethodHandler> table, JsonNode msg, String argumentsHash, SessionState session,
                             long now, boolean unread) {
        String method = JsonRpc.method(msg);
        MethodHandler h = method == null ? null : table.get(method);
        return h == null ? Handled.FORWARD
                : h.handle(new Inbound(msg, session, policy.get(), now, argumentsHash, unread));
    }

    /**
     * True for an answer the handler gave itself in the server's place (it carries the decision
     * under {@code _meta}). A recording holds those answers; a replay skips them, since in the proxy
     * they never came from the server.
     */
    /** True for the client's answer to the proxy's own question whether a person approves a call. */
    public static boolean isApprovalAnswer(JsonNode msg) {
        if (msg == null || !msg.isObject() || !JsonRpc.isResponse(msg)) {
            return false;
        }
        JsonNode id = msg.get("id");
        return id.isString() && id.stringValue().startsWith(SessionState.APPROVAL_ID_PREFIX);
    }

    public static boolean isOwnAnswer(JsonNode msg) {
        return DecisionReplies.isOwnAnswer(msg);
    }
}
