package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.mcp.MethodPolicy;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.mcp.UriTemplate;
import dev.mcppol.runtime.model.MethodKind;
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
    /** Per session: resources/templates/list requests awaiting their answer, and the templates shown. */
    private final Map<String, Set<String>> pendingTemplateLists = new HashMap<>();
    private final Map<String, Map<String, UriTemplate>> sessionTemplates = new HashMap<>();

    ReplayState(Bundle bundle) {
        this.engine = new Engine(bundle, new InMemoryLimiter());
    }

    /** Takes in one record; for a {@code tools/call}, decides it and returns the decision, else null. */
    DecidedCall accept(String file, TranscriptRecord r) {
        JsonNode msg = r.msg();
        String sessionKey = String.valueOf(r.session());
        String method = msg.isObject() ? msg.path("method").asString(null) : null;
        MethodKind kind = MethodKind.ofMethod(method);
        if (!r.clientToServer()) {
            if (kind != null && kind.fromServer() && msg.has("id")) {
                return method(file, r, kind, sessionKey);
            }
            rememberToolList(sessionKey, msg);
            rememberTemplates(sessionKey, msg);
            return null;
        }
        if (msg.isObject() && "tools/list".equals(method) && msg.has("id")) {
            pendingToolLists.computeIfAbsent(sessionKey, k -> new HashSet<>()).add(msg.get("id").toString());
        }
        if ("resources/templates/list".equals(method) && msg.has("id")) {
            pendingTemplateLists.computeIfAbsent(sessionKey, k -> new HashSet<>()).add(msg.get("id").toString());
        }
        if (kind != null && !kind.fromServer() && msg.has("id")) {
            return method(file, r, kind, sessionKey);
        }
        if ("completion/complete".equals(method) && msg.has("id")) {
            String refusal = MethodPolicy.completionRefusal(engine, msg);
            Decision d = refusal == null ? new Decision(Outcome.ALLOW, List.of(), "completion passes", null, 0)
                    : new Decision(Outcome.DENY, List.of(), refusal, null, 0);
            return new DecidedCall(file, r.line(), r.session(), r.identity(), "completion", msg.path("params")
                    .path("ref"), d, r.expect());
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
            d = engine.decide(new Call(call.tool(), call.arguments(), r.session(), r.identity(), r.t(), schema));
        }
        return new DecidedCall(file, r.line(), r.session(), r.identity(), call.tool(), call.arguments(), d, r.expect());
    }

    /**
     * A request of another kind, decided as the proxy decides it; null when the policy leaves the kind
     * unchecked (nothing to replay), unless the record expects something (then "allow": it passed).
     */
    private DecidedCall method(String file, TranscriptRecord r, MethodKind kind, String sessionKey) {
        MethodPolicy.Verdict v = MethodPolicy.decide(engine, kind, r.msg(),
                sessionTemplates.getOrDefault(sessionKey, Map.of()), r.session(), r.identity(), r.t());
        Decision d;
        if (!v.checked()) {
            if (r.expect() == null) {
                return null;
            }
            d = new Decision(Outcome.ALLOW, List.of(), "the policy leaves " + kind.word() + " unchecked", null, 0);
        } else if (!v.request().wellFormed()) {
            d = new Decision(Outcome.DENY, List.of(), v.request().problem() + " (denied: fail closed)", null, 0);
        } else {
            d = v.decision();
        }
        String subject = v.request().subject();
        String label = kind.fromServer() || subject == null ? kind.noun() : kind.noun() + " " + subject;
        return new DecidedCall(file, r.line(), r.session(), r.identity(), label, v.request().arguments(), d,
                r.expect());
    }

    private void rememberTemplates(String sessionKey, JsonNode msg) {
        if (!msg.isObject() || !msg.has("id") || !msg.has("result")) {
            return;
        }
        Set<String> pending = pendingTemplateLists.get(sessionKey);
        if (pending != null && pending.remove(msg.get("id").toString())) {
            MethodPolicy.rememberTemplates(msg, sessionTemplates.computeIfAbsent(sessionKey,
                    k -> new java.util.LinkedHashMap<>()));
        }
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
