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

    /** Takes in one record; when the handler decided it (a {@code tools/call}), returns the decision, else null. */
    DecidedCall accept(String file, TranscriptRecord r) {
        JsonNode msg = r.msg();
        SessionState s = sessions.computeIfAbsent(String.valueOf(r.session()), k -> new SessionState(r.session(), null))
                .as(r.identity());
        if (!r.clientToServer()) {
            // The proxy's own answers are in a recording, but in the proxy they never came from the server.
            if (!CallHandler.isOwnAnswer(msg)) {
                handler.fromServer(msg, s, r.t());
            }
            return null;
        }
        Decided d = handler.fromClient(msg, s, r.t()).decided();
        if (d == null) {
            return null;
        }
        return new DecidedCall(file, r.line(), r.session(), r.identity(), d.target(), d.arguments(), d.decision(),
                r.expect());
    }
}
