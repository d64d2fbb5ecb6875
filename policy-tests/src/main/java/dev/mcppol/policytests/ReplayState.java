package dev.mcppol.policytests;

import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.handler.CallHandler;
import dev.mcppol.runtime.handler.Decided;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.handler.Handled;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.transcript.RecordedAnswer;
import dev.mcppol.runtime.transcript.TranscriptRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of replaying one file under one bundle: the runtime's own {@link CallHandler} — the one
 * the proxy hands every message to — over an {@link Engine} with fresh limiter state, and one
 * {@link SessionState} per transcript session. Records are fed one at a time, so two states can replay
 * the same stream in lockstep (the {@code --baseline} comparison) without holding the file in memory.
 */
final class ReplayState {

    private final Engine engine;
    private final Map<String, SessionState> sessions = new HashMap<>();
    /** Made with the first record, which knows the file's approval timeout (the header's {@code approvalTimeoutMs}). */
    private CallHandler handler;
    private ApprovalConfig approvals;
    /** The session view of the last record ({@link #view}). */
    private SessionState lastView;

    ReplayState(Bundle bundle) {
        this.engine = new Engine(bundle, new InMemoryLimiter());
    }

    private void start(TranscriptRecord first) {
        long timeout = first.approvalTimeoutMillis() > 0 ? first.approvalTimeoutMillis()
                : ApprovalConfig.DEFAULT_TIMEOUT_MILLIS;
        approvals = ApprovalConfig.forReplay(timeout);
        // A replay knows nothing of the live server's schemas, so drift never decides here (the proxy
        // does not record the calls it denies for drift).
        handler = new CallHandler(() -> engine, DriftAction.WARN, approvals);
    }

    /**
     * Takes in one record; when the handler decided it (a {@code tools/call}, or a request of another kind
     * the policy names), returns the decision, else null.
     */
    DecidedCall accept(String file, TranscriptRecord r) {
        if (handler == null) {
            start(r);
        }
        // Calls held for the user's approval whose time ran out by now are denied first, as the proxy's timer did.
        for (SessionState held : sessions.values()) {
            handler.expire(held, r.t());
        }
        if (r.approval() != null) {
            // the approval a person gave in the proxy's store: here it admits the same call
            approvals.approvals().store().create(Approval.fromJson(r.approval()));
            return null;
        }
        SessionState s = view(r);
        if (r.userAnswer() != null) {
            return answered(file, r, s);
        }
        RecordedAnswer answer = r.answer();
        if (answer != null && (answer.own() || handler.recordedAnswerUnread(answer.id(), s))) {
            // A server answer read without its tree, which nothing here reads either: as below, nothing decided.
            return null;
        }
        JsonNode msg = r.msg();
        Decided d;
        if (!r.clientToServer()) {
            // The proxy's own answers are in a recording, but in the proxy they never came from the server.
            if (CallHandler.isOwnAnswer(msg)) {
                return null;
            }
            // A server request the policy decides (sampling, elicitation, roots) is decided here too.
            // A recording names answers by the client's ids, as the client saw them.
            d = handler.fromRecordedServer(msg, s, r.t()).decided();
        } else {
            d = handler.decideRecordedClient(msg, r.argumentsHash(), s, r.t());
        }
        if (d == null && r.expect() != null) {
            // An expectation on a request the policy leaves unchecked: it passes, and the check says so.
            String method = msg.path("method").asString("?");
            d = new Decided(method, msg.path("params"), new dev.mcppol.runtime.handler.CallDecision(
                    dev.mcppol.runtime.model.Outcome.ALLOW, dev.mcppol.runtime.handler.CallDecision.RULE_DEFAULT,
                    java.util.List.of(), "the policy does not decide " + method + ": it passes unchecked", null, 0,
                    java.util.List.of()), 0, null);
        }
        if (d == null) {
            return null;
        }
        return new DecidedCall(file, r.line(), r.session(), r.identity(), d.target(), d.arguments(), d.decision(),
                r.expect());
    }

    /**
     * The record's session as its caller sees it. Records of a transcript mostly share session, identity
     * and claims with the record before, and then share its view (views hold nothing of their own).
     */
    private SessionState view(TranscriptRecord r) {
        if (lastView != null && java.util.Objects.equals(r.session(), lastView.session())
                && java.util.Objects.equals(r.identity(), lastView.identity()) && r.claims() == lastView.claims()) {
            return lastView;
        }
        lastView = sessions.computeIfAbsent(String.valueOf(r.session()), k -> new SessionState(r.session(), null))
                .as(dev.mcppol.runtime.handler.Caller.of(r.identity(), r.claims()));
        return lastView;
    }

    /**
     * A case file's call with the user's answer given ({@code approval: approve|deny|timeout}): the client
     * declares elicitation, so an ask holds the call and asks; the answer (or the timeout) then decides it,
     * exactly as the proxy would.
     */
    private DecidedCall answered(String file, TranscriptRecord r, SessionState s) {
        s.clientElicits(true);
        Handled asked = handler.fromClient(r.msg(), s, r.t());
        Decided d = asked.decided();
        JsonNode question = asked.action() == Handled.Action.ANSWER ? asked.message() : null;
        if (question != null && "elicitation/create".equals(question.path("method").asString(null))) {
            if (r.userAnswer().equals("timeout")) {
                List<Handled> expired = handler.expire(s, r.t() + approvals.timeoutMillis());
                d = expired.isEmpty() ? d : expired.get(expired.size() - 1).decided();
            } else {
                ObjectNode answer = Json.NODES.objectNode();
                answer.put("jsonrpc", "2.0");
                answer.set("id", question.get("id"));
                ObjectNode result = answer.putObject("result");
                result.put("action", r.userAnswer().equals("approve") ? "accept" : "decline");
                if (r.userAnswer().equals("approve")) {
                    result.putObject("content").put("decision", "approve");
                }
                d = handler.fromClient(answer, s, r.t()).decided();
            }
        }
        if (d == null) {
            return null;
        }
        return new DecidedCall(file, r.line(), r.session(), r.identity(), d.target(), d.arguments(), d.decision(),
                r.expect());
    }
}
