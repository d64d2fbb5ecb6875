package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.model.Outcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The state of replaying one file under one bundle: the runtime's own {@link Engine} with fresh
 * limiter state, and each session's {@code tools/list} answers (the schemas for run-time argument
 * checks). Records are fed one at a time, so two states can replay the same stream in lockstep
 * (the {@code --baseline} comparison) without holding the file in memory.
 */
final class ReplayState {

    private final Engine engine;
    private final Map<String, Set<String>> pendingToolLists = new HashMap<>();
    private final Map<String, Map<String, JsonNode>> sessionSchemas = new HashMap<>();

    ReplayState(Bundle bundle) {
        this.engine = new Engine(bundle, new InMemoryLimiter());
    }

    /** Takes in one record; for a {@code tools/call}, decides it and returns the decision, else null. */
    DecidedCall accept(String file, TranscriptRecord r) {
        JsonNode msg = r.msg();
        String sessionKey = String.valueOf(r.session());
        if (!r.clientToServer()) {
            rememberToolList(sessionKey, msg);
            return null;
        }
        if (msg.isObject() && "tools/list".equals(msg.path("method").asString(null)) && msg.has("id")) {
            pendingToolLists.computeIfAbsent(sessionKey, k -> new HashSet<>()).add(msg.get("id").toString());
        }
        if (!ToolCallRequest.isToolCall(msg)) {
            return null;
        }
        ToolCallRequest call = ToolCallRequest.of(msg);
        Decision d;
        if (!call.wellFormed()) {
            // The proxy refuses such a call; the replay must not skip it silently.
            d = new Decision(Outcome.DENY, List.of(), call.problem() + " (denied: fail closed)", null, 0);
        } else {
            JsonNode announced = sessionSchemas.getOrDefault(sessionKey, Map.of()).get(call.tool());
            JsonNode schema = announced == null ? null : announced.get("inputSchema");
            d = engine.decide(new Call(call.tool(), call.arguments(), r.session(), r.identity(), r.t(), schema,
                    r.claims()));
        }
        return new DecidedCall(file, r.line(), r.session(), r.identity(), call.tool(), call.arguments(), d, r.expect());
    }

    private void rememberToolList(String sessionKey, JsonNode msg) {
        if (!msg.isObject() || !msg.has("id") || !msg.has("result")) {
            return;
        }
        Set<String> pending = pendingToolLists.get(sessionKey);
        if (pending == null || !pending.remove(msg.get("id").toString())) {
            return;
        }
        JsonNode tools = msg.get("result").get("tools");
        if (tools != null && tools.isArray()) {
            Map<String, JsonNode> known = sessionSchemas.computeIfAbsent(sessionKey, k -> new HashMap<>());
            for (JsonNode t : tools) {
                if (t.path("name").isString()) {
                    known.put(t.get("name").stringValue(), t);
                }
            }
        }
    }
}
