package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.log.DecisionLog;
import dev.mcppol.runtime.log.TranscriptRecorder;
import dev.mcppol.runtime.mcp.MethodPolicy;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.model.MethodKind;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The transport-independent heart of the proxy: what to do with each message, in either direction.
 * Stdio and HTTP only frame messages and hand them here. Anything that is not a well-formed single
 * message is refused, never forwarded (fail closed); everything that needs no decision is forwarded
 * as the exact bytes received.
 */
public final class MessageGate {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    /** What to do with a client message: forward the original bytes, answer it here, or drop it. */
    public record ClientVerdict(boolean forward, byte[] reply, boolean refused) {
        static final ClientVerdict FORWARD = new ClientVerdict(true, null, false);
        static final ClientVerdict DROP = new ClientVerdict(false, null, true);

        /** The proxy answers in the server's place (a decision). */
        static ClientVerdict reply(JsonNode msg) {
            return new ClientVerdict(false, JsonRpc.bytes(msg), false);
        }

        /** The message was refused unread (HTTP answers it with status 400 or 413). */
        static ClientVerdict refusal(JsonNode msg) {
            return new ClientVerdict(false, JsonRpc.bytes(msg), true);
        }
    }

    /** What to pass to the client for a server message: the original ({@code replacement} null), a rewrite, or nothing. */
    public record ServerVerdict(boolean pass, byte[] replacement, byte[] toServer) {
        static final ServerVerdict ORIGINAL = new ServerVerdict(true, null, null);
        static final ServerVerdict DROP = new ServerVerdict(false, null, null);

        public ServerVerdict(boolean pass, byte[] replacement) {
            this(pass, replacement, null);
        }

        /** A server request the policy refuses: answered to the server, never shown to the client. */
        static ServerVerdict answerServer(JsonNode reply) {
            return new ServerVerdict(false, null, JsonRpc.bytes(reply));
        }
    }

    /** Options of the gate. */
    public record Options(int maxMessageBytes, DriftAction onDrift) {
        public static Options defaults() {
            return new Options(DEFAULT_MAX_MESSAGE_BYTES, DriftAction.WARN);
        }
    }

    private final PolicyHolder policy;
    private final Options options;
    private final ProxyLog log;
    private final DecisionLog decisionLog;
    private final TranscriptRecorder recorder;
    private final LongSupplier clock;
    private final Set<String> reportedDrift = ConcurrentHashMap.newKeySet();

    public MessageGate(PolicyHolder policy, Options options, ProxyLog log, DecisionLog decisionLog,
                       TranscriptRecorder recorder, LongSupplier clock) {
        this.policy = policy;
        this.options = options;
        this.log = log;
        this.decisionLog = decisionLog;
        this.recorder = recorder;
        this.clock = clock;
    }

    public PolicyHolder policy() {
        return policy;
    }

    public int maxMessageBytes() {
        return options.maxMessageBytes();
    }

    // ---------------------------------------------------------------- client → server

    /** A client message longer than the limit: refused unread (its id cannot be known). */
    public ClientVerdict oversize() {
        policy.metrics().refusedMessage();
        String problem = "message exceeds the proxy's limit of " + options.maxMessageBytes() + " bytes";
        log.warn("refused a client message: " + problem);
        return ClientVerdict.refusal(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "invalid request: " + problem, null));
    }

    public ClientVerdict fromClient(byte[] buf, int off, int len, SessionState s) {
        if (len > options.maxMessageBytes()) {
            return oversize();
        }
        ParsedMessage parsed = ParsedMessage.parse(buf, off, len);
        if (!parsed.ok()) {
            policy.metrics().refusedMessage();
            log.warn("refused a client message: " + parsed.problem());
            boolean answerable = parsed.code() == JsonRpc.PARSE_ERROR || parsed.id() != null
                    || parsed.problem().contains("batch") || parsed.problem().contains("JSON object");
            return answerable ? ClientVerdict.refusal(JsonRpc.error(parsed.id(), parsed.code(), parsed.problem(), null))
                    : ClientVerdict.DROP;
        }
        JsonNode msg = parsed.message();
        String method = JsonRpc.method(msg);
        if ("tools/call".equals(method)) {
            return toolsCall(msg, s);
        }
        if ("tools/list".equals(method) && msg.has("id")) {
            s.expectToolList(JsonRpc.idKey(msg.get("id")));
        }
        MethodKind kind = MethodKind.ofMethod(method);
        if (kind != null && !kind.fromServer() && msg.has("id")) {
            return methodRequest(kind, msg, s);
        }
        if ("completion/complete".equals(method) && msg.has("id")) {
            return completion(msg, s);
        }
        if (MethodPolicy.isFilteredList(method) && msg.has("id")) {
            s.expectList(JsonRpc.idKey(msg.get("id")), method);
        }
        record("c2s", msg, s, null);
        return ClientVerdict.FORWARD;
    }

    // ---------------------------------------------------------------- other kinds of request

    /** resources/read, resources/subscribe, prompts/get: decided by the kind's section (when the policy names it). */
    private ClientVerdict methodRequest(MethodKind kind, JsonNode msg, SessionState s) {
        if (recorder == null) {
            return methodDecided(kind, msg, s, clock.getAsLong());
        }
        synchronized (recorder.lock()) {
            return methodDecided(kind, msg, s, clock.getAsLong());
        }
    }

    private ClientVerdict methodDecided(MethodKind kind, JsonNode msg, SessionState s, long now) {
        Decided d = decideMethod(kind, msg, s, now);
        if (d == null) {
            record("c2s", msg, s, null, now);
            return ClientVerdict.FORWARD;
        }
        record("c2s", msg, s, d.decision.outcome().word(), now);
        if (d.decision.outcome() == Outcome.ALLOW) {
            return ClientVerdict.FORWARD;
        }
        ObjectNode reply = DecisionReplies.requestError(msg.get("id"), d.decision, now);
        record("s2c", reply, s, null, now);
        return ClientVerdict.reply(reply);
    }

    private record Decided(CallDecision decision) {
    }

    /** The decision on a request of {@code kind}, or null when the policy leaves the kind unchecked. */
    private Decided decideMethod(MethodKind kind, JsonNode msg, SessionState s, long now) {
        Engine engine = policy.engine();
        long started = System.nanoTime();
        CallDecision d;
        MethodPolicy.Verdict v;
        try {
            v = MethodPolicy.decide(engine, kind, msg, s.templates(), s.session(), s.identity(), now);
            if (!v.checked()) {
                return null;
            }
            d = v.request().wellFormed() ? CallDecision.of(v.decision())
                    : CallDecision.proxyDeny(CallDecision.RULE_MALFORMED_REQUEST, v.request().problem()
                    + " (denied: fail closed)");
        } catch (RuntimeException e) {
            log.warn("could not decide " + JsonRpc.method(msg) + ", denying it: " + e);
            v = null;
            d = CallDecision.proxyDeny(CallDecision.RULE_ERROR, "the policy could not be evaluated: " + e.getMessage());
        }
        String subject = v == null || v.request().subject() == null ? "?" : v.request().subject();
        String label = kind.fromServer() ? kind.noun() : kind.noun() + " " + subject;
        account(engine.bundle(), s, label, kind.word(), v == null ? null : v.request().arguments(), d, now,
                System.nanoTime() - started);
        return new Decided(d);
    }

    /** completion/complete for a hidden prompt or resource: denied, nothing counted. */
    private ClientVerdict completion(JsonNode msg, SessionState s) {
        long now = clock.getAsLong();
        String refusal = MethodPolicy.completionRefusal(policy.engine(), msg);
        if (refusal == null) {
            record("c2s", msg, s, null, now);
            return ClientVerdict.FORWARD;
        }
        CallDecision d = CallDecision.proxyDeny(CallDecision.RULE_HIDDEN, refusal);
        account(policy.engine().bundle(), s, "completion", "completion", msg.path("params").path("ref"), d, now, 0);
        record("c2s", msg, s, d.outcome().word(), now);
        ObjectNode reply = DecisionReplies.requestError(msg.get("id"), d, now);
        record("s2c", reply, s, null, now);
        return ClientVerdict.reply(reply);
    }

    private ClientVerdict toolsCall(JsonNode msg, SessionState s) {
        JsonNode id = msg.get("id");
        if (id == null || !(id.isString() || id.isIntegralNumber())) {
            // A call with no usable id gets no answer, so it may not reach the server either.
            policy.metrics().refusedMessage();
            log.warn("dropped a tools/call without a valid id (a call must be a request)");
            return ClientVerdict.DROP;
        }
        // The same reading of params as the replay (mcppol test), so a recording replays as it was decided.
        ToolCallRequest call = ToolCallRequest.of(msg);
        Engine engine = policy.engine();
        if (recorder == null) {
            return decided(engine, msg, call, s, clock.getAsLong());
        }
        synchronized (recorder.lock()) {
            return decided(engine, msg, call, s, clock.getAsLong());
        }
    }

    private ClientVerdict decided(Engine engine, JsonNode msg, ToolCallRequest call, SessionState s, long now) {
        long started = System.nanoTime();
        CallDecision d = call.wellFormed() ? decide(engine, call.tool(), call.arguments(), s, now)
                : CallDecision.proxyDeny(CallDecision.RULE_MALFORMED, call.problem() + " (denied: fail closed)");
        long nanos = System.nanoTime() - started;
        String tool = call.tool() == null ? "?" : call.tool();
        account(engine.bundle(), s, tool, "tool", call.arguments(), d, now, nanos);
        // A replay cannot know about drift or an engine failure; recording those calls with an expect
        // would make the recording fail, recording them without would count limits the proxy never counted.
        boolean replayable = !CallDecision.RULE_DRIFT.equals(d.rule()) && !CallDecision.RULE_ERROR.equals(d.rule());
        if (replayable) {
            record("c2s", msg, s, d.outcome().word(), now);
        }
        if (d.outcome() == Outcome.ALLOW) {
            return ClientVerdict.FORWARD;
        }
        ObjectNode reply = DecisionReplies.reply(call.id(), d, now);
        if (replayable) {
            record("s2c", reply, s, null, now);
        }
        return ClientVerdict.reply(reply);
    }

    private CallDecision decide(Engine engine, String tool, JsonNode arguments, SessionState s, long now) {
        JsonNode live = s.liveTool(tool);
        if (options.onDrift() == DriftAction.DENY) {
            List<String> drift = SchemaDrift.drifted(engine.bundle(), tool, live);
            if (!drift.isEmpty()) {
                return CallDecision.proxyDeny(CallDecision.RULE_DRIFT, "the server's " + String.join(" and ", drift)
                        + " of tool " + tool + " differs from the one the policy was compiled against; recompile the"
                        + " policy against the server's current tools/list");
            }
        }
        JsonNode sessionSchema = live == null ? null : live.get("inputSchema");
        try {
            return CallDecision.of(engine.decide(new Call(tool, arguments, s.session(), s.identity(), now, sessionSchema)));
        } catch (RuntimeException e) {
            log.warn("could not decide " + tool + ", denying it: " + e);
            return CallDecision.proxyDeny(CallDecision.RULE_ERROR, "the policy could not be evaluated: " + e.getMessage());
        }
    }

    private void account(Bundle bundle, SessionState s, String tool, String kind, JsonNode args, CallDecision d,
                         long now, long nanos) {
        policy.metrics().decision(d.outcome().word(), tool, kind, nanos);
        if (decisionLog != null) {
            try {
                decisionLog.write(new DecisionLog.Entry(now, s.session(), s.identity(), tool, d.outcome().word(), d.rule(),
                        d.rules(), d.reason(), d.retryAfterMillis(now), args, bundle.sha256()));
            } catch (RuntimeException e) {
                log.warn(e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- server → client

    public ServerVerdict fromServer(byte[] buf, int off, int len, SessionState s) {
        ParsedMessage parsed = ParsedMessage.parse(buf, off, len);
        if (!parsed.ok()) {
            // A server message the proxy cannot read could be a tools/list it cannot filter.
            log.warn("dropped a server message: " + parsed.problem());
            return ServerVerdict.DROP;
        }
        JsonNode msg = parsed.message();
        MethodKind kind = MethodKind.ofMethod(JsonRpc.method(msg));
        if (kind != null && kind.fromServer() && JsonRpc.isRequest(msg) && msg.has("id")) {
            return serverRequest(kind, msg, s);
        }
        record("s2c", msg, s, null);
        if (JsonRpc.isResponse(msg) && s.takeToolList(JsonRpc.idKey(msg.get("id")))) {
            JsonNode filtered = filterToolList(msg, s);
            return filtered == null ? ServerVerdict.ORIGINAL : new ServerVerdict(true, JsonRpc.bytes(filtered));
        }
        String list = JsonRpc.isResponse(msg) ? s.takeList(JsonRpc.idKey(msg.get("id"))) : null;
        if (list != null) {
            if ("resources/templates/list".equals(list)) {
                MethodPolicy.rememberTemplates(msg, s.templates());
            }
            JsonNode filtered = MethodPolicy.filterList(policy.engine(), list, msg);
            return filtered == null ? ServerVerdict.ORIGINAL : new ServerVerdict(true, JsonRpc.bytes(filtered));
        }
        return ServerVerdict.ORIGINAL;
    }

    /**
     * sampling/createMessage, elicitation/create, roots/list sent by the server: a refused request is
     * answered to the server with a JSON-RPC error and never reaches the client.
     */
    private ServerVerdict serverRequest(MethodKind kind, JsonNode msg, SessionState s) {
        if (recorder == null) {
            return serverDecided(kind, msg, s, clock.getAsLong());
        }
        synchronized (recorder.lock()) {
            return serverDecided(kind, msg, s, clock.getAsLong());
        }
    }

    private ServerVerdict serverDecided(MethodKind kind, JsonNode msg, SessionState s, long now) {
        Decided d = decideMethod(kind, msg, s, now);
        if (d == null) {
            record("s2c", msg, s, null, now);
            return ServerVerdict.ORIGINAL;
        }
        record("s2c", msg, s, d.decision.outcome().word(), now);
        if (d.decision.outcome() == Outcome.ALLOW) {
            return ServerVerdict.ORIGINAL;
        }
        ObjectNode reply = DecisionReplies.requestError(msg.get("id"), d.decision, now);
        record("c2s", reply, s, null, now);
        return ServerVerdict.answerServer(reply);
    }

    /** The tools/list response without hidden and always-denied tools, or null when nothing is removed. */
    private JsonNode filterToolList(JsonNode msg, SessionState s) {
        JsonNode tools = msg.path("result").get("tools");
        if (tools == null || !tools.isArray()) {
            return null;
        }
        Engine engine = policy.engine();
        ArrayNode kept = Json.NODES.arrayNode();
        for (JsonNode t : tools) {
            JsonNode name = t.get("name");
            if (name == null || !name.isString()) {
                continue; // an entry without a name cannot be checked, so it is not shown
            }
            s.announced(name.stringValue(), shared(t));
            reportDrift(engine.bundle(), name.stringValue(), t);
            if (ToolVisibility.visible(engine, name.stringValue())) {
                kept.add(t);
            }
        }
        if (kept.size() == tools.size()) {
            return null;
        }
        ObjectNode copy = (ObjectNode) msg.deepCopy();
        ((ObjectNode) copy.get("result")).set("tools", kept);
        return copy;
    }

    /** Most distinct tool entries kept for sharing; past it, entries are kept per session. */
    private static final int MAX_SHARED_ENTRIES = 4096;
    private final Map<JsonNode, JsonNode> sharedEntries = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Sessions of one server announce the same tools: keep one copy of each entry (JSON equality)
     * for all of them instead of one per session (~40 KiB a session for a 13-tool server).
     */
    private JsonNode shared(JsonNode entry) {
        JsonNode known = sharedEntries.get(entry);
        if (known != null) {
            return known;
        }
        if (sharedEntries.size() < MAX_SHARED_ENTRIES) {
            JsonNode raced = sharedEntries.putIfAbsent(entry, entry);
            return raced != null ? raced : entry;
        }
        return entry;
    }

    private void reportDrift(Bundle bundle, String tool, JsonNode live) {
        List<String> drift = SchemaDrift.drifted(bundle, tool, live);
        if (!drift.isEmpty() && reportedDrift.add(bundle.sha256() + "|" + tool + "|" + live.hashCode())) {
            log.warn("schema drift: the server's " + String.join(" and ", drift) + " of tool " + tool
                    + " differs from the bundle's (policy " + bundle.policyName() + ")"
                    + (options.onDrift() == DriftAction.DENY ? "; calls to it are denied until the policy is recompiled"
                    : "; --on-drift deny would deny its calls"));
        }
    }

    // ---------------------------------------------------------------- recording

    private void record(String dir, JsonNode msg, SessionState s, String expect) {
        if (recorder != null) {
            record(dir, msg, s, expect, clock.getAsLong());
        }
    }

    private void record(String dir, JsonNode msg, SessionState s, String expect, long now) {
        if (recorder == null) {
            return;
        }
        try {
            recorder.record(now, dir, msg, s.session(), s.identity(), expect);
        } catch (RuntimeException e) {
            log.warn(e.getMessage());
        }
    }
}
