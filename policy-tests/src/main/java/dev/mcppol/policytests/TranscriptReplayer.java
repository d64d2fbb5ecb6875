package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.model.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Replays one transcript through the runtime's own {@link Engine} on a virtual clock: fresh limiter
 * state per file, every {@code tools/call} decided (expectation or not), and each session's own
 * {@code tools/list} answers remembered as the schemas for run-time argument checks.
 */
public final class TranscriptReplayer {

    private final Bundle bundle;

    public TranscriptReplayer(Bundle bundle) {
        this.bundle = bundle;
    }

    /** Replays {@code file}, handing each checked call to {@code sink}; returns the number of decisions. */
    public long replay(Path file, Consumer<CallResult> sink) throws IOException, TranscriptException {
        Engine engine = new Engine(bundle, new InMemoryLimiter());
        Map<String, Set<String>> pendingToolLists = new HashMap<>();
        Map<String, Map<String, JsonNode>> sessionSchemas = new HashMap<>();
        long decisions = 0;
        try (TranscriptReader reader = new TranscriptReader(file)) {
            TranscriptRecord r;
            while ((r = reader.next()) != null) {
                JsonNode msg = r.msg();
                String sessionKey = String.valueOf(r.session());
                if (r.clientToServer()) {
                    if (msg.isObject() && "tools/list".equals(msg.path("method").asString(null)) && msg.has("id")) {
                        pendingToolLists.computeIfAbsent(sessionKey, k -> new HashSet<>()).add(msg.get("id").toString());
                    }
                    if (!ToolCallRequest.isToolCall(msg)) {
                        continue;
                    }
                    decisions++;
                    ToolCallRequest call = ToolCallRequest.of(msg);
                    Decision d;
                    if (!call.wellFormed()) {
                        d = new Decision(Outcome.DENY, List.of(), call.problem() + " (denied: fail closed)", null, 0);
                    } else {
                        JsonNode announced = sessionSchemas.getOrDefault(sessionKey, Map.of()).get(call.tool());
                        JsonNode schema = announced == null ? null : announced.get("inputSchema");
                        d = engine.decide(new Call(call.tool(), call.arguments(), r.session(), r.identity(), r.t(),
                                schema));
                    }
                    if (r.expect() != null) {
                        sink.accept(new CallResult(reader.file(), r.line(), r.session(), r.identity(), call.tool(),
                                call.arguments(), r.expect(), d, r.expect().mismatch(d)));
                    }
                } else if (msg.isObject() && msg.has("id") && msg.has("result")) {
                    Set<String> pending = pendingToolLists.get(sessionKey);
                    if (pending != null && pending.remove(msg.get("id").toString())) {
                        JsonNode tools = msg.get("result").get("tools");
                        if (tools != null && tools.isArray()) {
                            Map<String, JsonNode> known = sessionSchemas.computeIfAbsent(sessionKey,
                                    k -> new HashMap<>());
                            for (JsonNode t : tools) {
                                if (t.path("name").isString()) {
                                    known.put(t.get("name").stringValue(), t);
                                }
                            }
                        }
                    }
                }
            }
        }
        return decisions;
    }
}
