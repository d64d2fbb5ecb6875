package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import dev.mcppol.runtime.model.Outcome;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answers the proxy gives in the server's place. Deny and limit are tool results with
 * {@code isError: true}, so an agent reads the reason as it reads any failed tool; ask is a JSON-RPC
 * error, since no result exists until a person decides.
 */
public final class DecisionReplies {
    private DecisionReplies() {
    }

    public static ObjectNode reply(JsonNode id, CallDecision d, long nowMillis) {
        if (d.outcome() == Outcome.ASK) {
            return JsonRpc.error(id, JsonRpc.APPROVAL_REQUIRED, "approval required: " + d.reason(), meta(d, nowMillis));
        }
        ObjectNode result = Json.NODES.objectNode();
        ArrayNode content = result.putArray("content");
        ObjectNode text = content.addObject();
        text.put("type", "text");
        text.put("text", text(d, nowMillis));
        result.put("isError", true);
        result.set("_meta", meta(d, nowMillis));
        return JsonRpc.result(id, result);
    }

    /**
     * The answer to a refused request other than {@code tools/call}: it has no tool result to carry an
     * error, so deny and limit are JSON-RPC error -32012 (ask stays -32011), the reason in the message
     * and the decision in {@code error.data}. A refused server request gets the same, sent to the server.
     */
    public static ObjectNode requestError(JsonNode id, CallDecision d, long nowMillis) {
        if (d.outcome() == Outcome.ASK) {
            return JsonRpc.error(id, JsonRpc.APPROVAL_REQUIRED, "approval required: " + d.reason(), meta(d, nowMillis));
        }
        return JsonRpc.error(id, JsonRpc.DENIED, text(d, nowMillis), meta(d, nowMillis));
    }

    /** True for a response that carries a decision of this proxy: its own answer in the server's place. */
    static boolean isOwnAnswer(JsonNode msg) {
        if (JsonRpc.isRequest(msg)) {
            // the proxy's own request to the client (asking the user to approve a call)
            return msg.path("params").path("_meta").has(JsonRpc.META_KEY);
        }
        if (!JsonRpc.isResponse(msg)) {
            return false;
        }
        return msg.path("result").path("_meta").has(JsonRpc.META_KEY)
                || msg.path("error").path("data").has(JsonRpc.META_KEY);
    }

    static String text(CallDecision d, long nowMillis) {
        if (d.outcome() == Outcome.LIMIT) {
            return "Rate limited by policy: " + d.reason() + " (retry after " + d.retryAfterMillis(nowMillis)
                    + " ms, at " + Instant.ofEpochMilli(d.retryAtMillis()) + ")";
        }
        return "Denied by policy: " + d.reason();
    }

    /** {@code {"mcppol/decision": {outcome, rule, rules, reason[, limit, retryAfterMs, retryAt]}}}. */
    static ObjectNode meta(CallDecision d, long nowMillis) {
        ObjectNode dec = Json.NODES.objectNode();
        dec.put("outcome", d.outcome().word());
        dec.put("rule", d.rule());
        ArrayNode rules = dec.putArray("rules");
        d.rules().forEach(rules::add);
        dec.put("reason", d.reason());
        if (d.outcome() == Outcome.LIMIT) {
            if (d.limit() != null) {
                dec.put("limit", d.limit());
            }
            dec.put("retryAfterMs", d.retryAfterMillis(nowMillis));
            dec.put("retryAt", Instant.ofEpochMilli(d.retryAtMillis()).toString());
        }
        ObjectNode meta = Json.NODES.objectNode();
        meta.set(JsonRpc.META_KEY, dec);
        return meta;
    }
}
