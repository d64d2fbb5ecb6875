package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.handler.CallHandler;
import dev.mcppol.runtime.handler.Decided;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The state of replaying one file under one bundle: the runtime's own {@link CallHandler} — the one
 * the proxy hands every message to — over an {@link Engine} with fresh limiter state, and one
 * {@link SessionState} per transcript session. Records are fed one at a time, so two states can replay
 * the same stream in lockstep (the {@code --baseline} comparison) without holding the file in memory.
 */
final class ReplayState {

    private final CallHandler handler;
    private final Map<String, SessionState> sessions = new HashMap<>();

    ReplayState(Bundle bundle) {
        Engine engine = new Engine(bundle, new InMemoryLimiter());
        // A replay knows nothing of the live server's schemas, so drift never decides here (the proxy
        // does not record the calls it denies for drift).
        this.handler = new CallHandler(() -> engine, DriftAction.WARN);
    }

    /**
     * Takes in one record; when the handler decided it (a {@code tools/call}, or a request of another kind
     * the policy names), returns the decision, else null.
     */
    DecidedCall accept(String file, TranscriptRecord r) {
        JsonNode msg = r.msg();
        SessionState s = sessions.computeIfAbsent(String.valueOf(r.session()), k -> new SessionState(r.session(), null))
                .as(r.identity());
        Decided d;
        if (!r.clientToServer()) {
            // The proxy's own answers are in a recording, but in the proxy they never came from the server.
            if (CallHandler.isOwnAnswer(msg)) {
                return null;
            }
            // A server request the policy decides (sampling, elicitation, roots) is decided here too.
            d = handler.fromServer(msg, s, r.t()).decided();
        } else {
            d = handler.fromClient(msg, s, r.t()).decided();
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
}
