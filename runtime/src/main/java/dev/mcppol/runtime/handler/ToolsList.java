package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tools/list}: the request goes on unchanged, and its answer is read on the way back. Each
 * announced tool becomes the session's live copy (its input schema for run-time checks, the evidence
 * for drift), and hidden or always-denied tools are removed before the client sees the list.
 */
final class ToolsList implements MethodHandler, ResponseHandler {

    /** Most distinct tool entries kept for sharing; past it, entries are kept per session. */
    private static final int MAX_SHARED_ENTRIES = 4096;

    private final DriftAction onDrift;
    private final Set<String> reportedDrift = ConcurrentHashMap.newKeySet();
    private final Map<JsonNode, JsonNode> sharedEntries = new ConcurrentHashMap<>();

    ToolsList(DriftAction onDrift) {
        this.onDrift = onDrift;
    }

    @Override
    public Handled handle(Inbound in) {
        return in.msg().has("id") ? Handled.awaitingAnswer(this) : Handled.FORWARD;
    }

    /** The tools/list response without hidden and always-denied tools (the original when nothing is removed). */
    @Override
    public Handled onResponse(Inbound in) {
        JsonNode msg = in.msg();
        JsonNode tools = msg.path("result").get("tools");
        if (tools == null || !tools.isArray()) {
            return Handled.FORWARD;
        }
        in.session().listedTools();
        Engine engine = in.engine();
        List<String> warnings = new ArrayList<>();
        ArrayNode kept = Json.NODES.arrayNode();
        for (JsonNode t : tools) {
            JsonNode name = t.get("name");
            if (name == null || !name.isString()) {
                continue; // an entry without a name cannot be checked, so it is not shown
            }
            in.session().announced(name.stringValue(), shared(t));
            String drift = driftWarning(engine, name.stringValue(), t);
            if (drift != null) {
                warnings.add(drift);
            }
            if (ToolVisibility.visible(engine, name.stringValue())) {
                kept.add(t);
            }
        }
        if (kept.size() == tools.size()) {
            return Handled.original(warnings);
        }
        ObjectNode copy = (ObjectNode) msg.deepCopy();
        ((ObjectNode) copy.get("result")).set("tools", kept);
        return Handled.rewritten(copy, warnings);
    }

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

    /** The drift warning for this tool, once per bundle, tool and live entry; else null. */
    private String driftWarning(Engine engine, String tool, JsonNode live) {
        List<String> drift = SchemaDrift.drifted(engine.bundle(), tool, live);
        if (drift.isEmpty() || !reportedDrift.add(engine.bundle().sha256() + "|" + tool + "|" + live.hashCode())) {
            return null;
        }
        return "schema drift: the server's " + String.join(" and ", drift) + " of tool " + tool
                + " differs from the bundle's (policy " + engine.bundle().policyName() + ")"
                + (onDrift == DriftAction.DENY ? "; calls to it are denied until the policy is recompiled"
                : "; --on-drift deny would deny its calls");
    }
}
