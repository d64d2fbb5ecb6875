package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.handler.CallHandler;
import dev.mcppol.runtime.handler.Decided;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.handler.Handled;
import dev.mcppol.runtime.handler.HeldMessage;
import dev.mcppol.runtime.handler.Holding;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.log.DecisionLog;
import dev.mcppol.runtime.log.TranscriptRecorder;
import dev.mcppol.runtime.mcp.JsonRpc;
import dev.mcppol.runtime.transcript.TranscriptFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The proxy's side of the {@link CallHandler}: reads each framed message off the wire, hands it to the
 * handler (which holds every session rule the replay of {@code mcppol test} shares), and carries out
 * the result — metrics, the decision log, the recording. Stdio and HTTP only frame messages and hand
 * them here. Anything that is not a well-formed single message is refused, never forwarded (fail
 * closed); everything forwarded unchanged goes on as the exact bytes received.
 */
public final class MessageGate {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    /**
     * What to do with a client message: forward it ({@code rewritten} null: the original bytes),
     * answer it here, or drop it; {@code holding} names the held call it belongs to (approval by
     * elicitation: the reply is the question while the call waits, or the user's answer released it).
     */
    public record ClientVerdict(boolean forward, byte[] rewritten, byte[] reply, boolean refused, Holding holding) {
        static final ClientVerdict FORWARD = new ClientVerdict(true, null, null, false, null);
        static final ClientVerdict DROP = new ClientVerdict(false, null, null, true, null);

        /** The proxy answers in the server's place (a decision). */
        static ClientVerdict reply(JsonNode msg) {
            return new ClientVerdict(false, null, JsonRpc.bytes(msg), false, null);
        }

        /** The message was refused unread (HTTP answers it with status 400 or 413). */
        static ClientVerdict refusal(JsonNode msg) {
            return new ClientVerdict(false, null, JsonRpc.bytes(msg), true, null);
        }

        /** The bytes to send to the server: the rewritten message, else the original. */
        public byte[] toServer(byte[] original) {
            return rewritten != null ? rewritten : original;
        }

        ClientVerdict holding(Holding h) {
            return h == null ? this : new ClientVerdict(forward, rewritten, reply, refused, h);
        }
    }

    /**
     * A message for the client of one held call (its denial for want of an answer, or a progress
     * notification); Streamable HTTP writes it into that call's open response.
     */
    public record ToHeldCall(String callIdKey, byte[] message) {
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
    private final CallHandler handler;

    public MessageGate(PolicyHolder policy, Options options, ProxyLog log, DecisionLog decisionLog,
                       TranscriptRecorder recorder, LongSupplier clock) {
        this(policy, options, ApprovalConfig.off(), log, decisionLog, recorder, clock);
    }

    /** @param approvals how asks are approved (by elicitation, a queue, or not at all) */
    public MessageGate(PolicyHolder policy, Options options, ApprovalConfig approvals, ProxyLog log,
                       DecisionLog decisionLog, TranscriptRecorder recorder, LongSupplier clock) {
        this.policy = policy;
        this.options = options;
        this.log = log;
        this.decisionLog = decisionLog;
        this.recorder = recorder;
        this.clock = clock;
        this.handler = new CallHandler(policy::engine, options.onDrift(), approvals);
    }

    /**
     * The answers to calls whose wait for the user ran out (approval by elicitation), each already
     * logged and recorded: the transport writes them to the client.
     */
    public List<ToHeldCall> expired(SessionState s) {
        List<ToHeldCall> out = new ArrayList<>();
        if (recorder == null) {
            expired(s, clock.getAsLong(), out);
        } else {
            synchronized (recorder.lock()) {
                expired(s, clock.getAsLong(), out);
            }
        }
        return out;
    }

    /** Progress notifications for held calls that asked for progress (see {@link CallHandler#progress}). */
    public List<ToHeldCall> progress(SessionState s) {
        List<ToHeldCall> out = new ArrayList<>();
        for (HeldMessage m : handler.progress(s, clock.getAsLong())) {
            out.add(new ToHeldCall(m.callIdKey(), JsonRpc.bytes(m.message())));
        }
        return out;
    }

    private void expired(SessionState s, long now, List<ToHeldCall> out) {
        for (Handled h : handler.expire(s, now)) {
            h.warnings().forEach(log::warn);
            if (h.decided() != null) {
                account(s, h.decided(), now);
            }
            record(TranscriptFormat.S2C, h.message(), s, null, now);
            out.add(new ToHeldCall(h.holding().callIdKey(), JsonRpc.bytes(h.message())));
        }
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
        if (recorder == null) {
            return carryOut(msg, s, clock.getAsLong());
        }
        // The time, the decision (limits counted at it) and the recorded t must agree, or a replay
        // could decide differently near a window's edge.
        synchronized (recorder.lock()) {
            return carryOut(msg, s, clock.getAsLong());
        }
    }

    private ClientVerdict carryOut(JsonNode msg, SessionState s, long now) {
        Handled h = handler.fromClient(msg, s, now);
        h.warnings().forEach(log::warn);
        if (h.refused()) {
            policy.metrics().refusedMessage();
        }
        Decided decided = h.decided();
        if (decided != null) {
            account(s, decided, now);
        }
        if (h.recordable() && decided != null && decided.approvalToRecord() != null && recorder != null) {
            // the approval that admitted the call goes first, so a replay admits it too
            try {
                recorder.recordApproval(now, decided.approvalToRecord().toJson());
            } catch (RuntimeException e) {
                log.warn(e.getMessage());
            }
        }
        if (h.recordable()) {
            record(TranscriptFormat.C2S, msg, s, decided == null ? null : decided.decision().outcome().word(), now);
        }
        if (h.action() == Handled.Action.ANSWER && h.recordable()) {
            record(TranscriptFormat.S2C, h.message(), s, null, now);
        }
        ClientVerdict v = switch (h.action()) {
            case FORWARD -> h.forwardsOriginal() ? ClientVerdict.FORWARD
                    : new ClientVerdict(true, JsonRpc.bytes(h.message()), null, false, null);
            case ANSWER -> ClientVerdict.reply(h.message());
            case DROP -> ClientVerdict.DROP;
        };
        return v.holding(h.holding());
    }

    private void account(SessionState s, Decided decided, long now) {
        String tool = decided.target() == null ? "?" : decided.target();
        CallDecision d = decided.decision();
        // Names neither the policy nor the server knows share one label: bounded /metrics.
        boolean known = decided.target() != null && (policy.engine().bundle().tools().containsKey(tool)
                || s.liveTool(tool) != null);
        policy.metrics().decision(d.outcome().word(), tool, decided.kind(), known, decided.nanos());
        if (decisionLog != null) {
            try {
                decisionLog.write(new DecisionLog.Entry(now, s.session(), s.identity(), decided.kind(), tool,
                        d.outcome().word(), d.rule(),
                        d.rules(), d.reason(), d.retryAfterMillis(now), decided.arguments(),
                        decided.bundleSha256(), decided.approval()));
            } catch (RuntimeException e) {
                log.warn(e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- server → client

    public ServerVerdict fromServer(byte[] buf, int off, int len, SessionState s) {
        if (recorder == null) {
            // Most server messages are answers nothing reads: relayed with the client's id put back,
            // without building (and re-writing) their tree. A recording keeps the tree, so it reads all.
            AnswerShape shape = AnswerShape.of(buf, off, len);
            JsonNode clientId = shape == null ? null : handler.answerAsSent(shape.id(), s);
            if (clientId != null) {
                return new ServerVerdict(true, shape.withId(buf, off, len,
                        JsonRpc.idKey(clientId).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        ParsedMessage parsed = ParsedMessage.parse(buf, off, len);
        if (!parsed.ok()) {
            // A server message the proxy cannot read could be a tools/list it cannot filter.
            log.warn("dropped a server message: " + parsed.problem());
            return ServerVerdict.DROP;
        }
        JsonNode msg = parsed.message();
        if (recorder == null) {
            return carryOutFromServer(msg, s, clock.getAsLong());
        }
        // A decided server request (sampling, …) counts limits: its time and record agree as for a call.
        synchronized (recorder.lock()) {
            return carryOutFromServer(msg, s, clock.getAsLong());
        }
    }

    private ServerVerdict carryOutFromServer(JsonNode msg, SessionState s, long now) {
        Handled h = handler.fromServer(msg, s, now);
        h.warnings().forEach(log::warn);
        Decided decided = h.decided();
        if (decided != null) {
            account(s, decided, now);
        }
        if (h.refused()) {
            policy.metrics().refusedMessage();
        } else if (decided == null || h.recordable()) {
            // an answer is kept as the client's id names it, before filtering: a replay filters it again
            record(TranscriptFormat.S2C, h.received() != null ? h.received() : msg, s,
                    decided == null ? null : decided.decision().outcome().word(), now);
        }
        return switch (h.action()) {
            case FORWARD -> h.forwardsOriginal() ? ServerVerdict.ORIGINAL : new ServerVerdict(true, JsonRpc.bytes(h.message()));
            case DROP -> ServerVerdict.DROP;
            case ANSWER -> {
                // A refused server request: the server gets the answer, the client never sees the request.
                if (h.recordable()) {
                    record(TranscriptFormat.C2S, h.message(), s, null, now);
                }
                yield ServerVerdict.answerServer(h.message());
            }
        };
    }

    /**
     * The error the client gets for a request that was forwarded but whose answer will never come
     * ({@code serverId}: the id the server was sent, as JSON text), or null when no request of the
     * client waits under it. The request is no longer waited for.
     */
    public byte[] abandoned(String serverId, SessionState s, int code, String problem) {
        JsonNode clientId;
        try {
            clientId = handler.abandoned(JsonRpc.idKey(dev.mcppol.runtime.json.Json.MAPPER.readTree(serverId)), s);
        } catch (RuntimeException e) {
            return null;
        }
        return clientId == null ? null : JsonRpc.bytes(JsonRpc.error(clientId, code, problem, null));
    }

    // ---------------------------------------------------------------- recording

    private void record(String dir, JsonNode msg, SessionState s, String expect, long now) {
        if (recorder == null) {
            return;
        }
        try {
            recorder.record(now, dir, msg, s.session(), s.identity(), s.claims(), expect);
        } catch (RuntimeException e) {
            log.warn(e.getMessage());
        }
    }
}
