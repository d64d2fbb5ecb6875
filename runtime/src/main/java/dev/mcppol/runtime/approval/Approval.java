package dev.mcppol.runtime.approval;

import dev.mcppol.runtime.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request for a person's approval of one call, and what became of it. It is bound to the tool,
 * the hash of the arguments ({@link ArgumentHash}) and whoever asked: the identity when the call had
 * one, else the session. Nothing the agent sends can change these fields: the proxy fills them from
 * the call it decided.
 *
 * @param id           unguessable id ({@code apr-…}) the agent is told and a person approves by
 * @param summary      the arguments as a person sees them, secrets redacted (never used to match)
 * @param grantMillis  how long an approval admits the same call: 0 = once (the rule's {@code approve for})
 * @param expiresAt    a pending request expires then; an approved one with a grant stops admitting then
 * @param decidedBy    who approved or denied (a CLI user, or "elicitation" with the session's identity)
 */
public record Approval(String id, ApprovalStatus status, String tool, String argumentsHash, JsonNode summary,
                       String session, String identity, String rule, String reason, List<String> approvers,
                       long grantMillis, long createdAt, long expiresAt, String decidedBy, long decidedAt,
                       String note) {

    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(argumentsHash, "argumentsHash");
        approvers = List.copyOf(approvers);
    }

    /** True when this request admits a call of {@code tool} with these arguments from this caller. */
    public boolean binds(String tool, String argumentsHash, String session, String identity) {
        if (!this.tool.equals(tool) || !this.argumentsHash.equals(argumentsHash)) {
            return false;
        }
        return this.identity != null ? this.identity.equals(identity)
                : this.session != null && this.session.equals(session) && identity == null;
    }

    /** What the approval is bound to, as a person reads it. */
    public String boundTo() {
        return identity != null ? "identity " + identity : "session " + session;
    }

    public Approval withStatus(ApprovalStatus s) {
        return new Approval(id, s, tool, argumentsHash, summary, session, identity, rule, reason, approvers, grantMillis,
                createdAt, expiresAt, decidedBy, decidedAt, note);
    }

    public Approval decided(ApprovalStatus s, String by, long at, String why, long newExpiresAt) {
        return new Approval(id, s, tool, argumentsHash, summary, session, identity, rule, reason, approvers, grantMillis,
                createdAt, newExpiresAt, by, at, why);
    }

    // ------------------------------------------------------------------ the stored form (one owner)

    public ObjectNode toJson() {
        ObjectNode o = Json.NODES.objectNode();
        o.put("id", id);
        o.put("status", status.word());
        o.put("tool", tool);
        o.put("argumentsHash", argumentsHash);
        o.set("arguments", summary == null ? Json.NODES.nullNode() : summary);
        o.put("session", session);
        o.put("identity", identity);
        o.put("rule", rule);
        o.put("reason", reason);
        ArrayNode a = o.putArray("approvers");
        approvers.forEach(a::add);
        o.put("grantMillis", grantMillis);
        o.put("createdAt", createdAt);
        o.put("expiresAt", expiresAt);
        o.put("decidedBy", decidedBy);
        o.put("decidedAt", decidedAt);
        o.put("note", note);
        return o;
    }

    public String toJsonText() {
        return Json.CANONICAL.writeValueAsString(toJson());
    }

    public static Approval fromJson(JsonNode o) {
        List<String> approvers = new ArrayList<>();
        for (JsonNode n : o.path("approvers")) {
            approvers.add(n.asString());
        }
        JsonNode summary = o.get("arguments");
        return new Approval(text(o, "id"), ApprovalStatus.valueOf(text(o, "status").toUpperCase(java.util.Locale.ROOT)),
                text(o, "tool"), text(o, "argumentsHash"), summary == null || summary.isNull() ? null : summary,
                text(o, "session"), text(o, "identity"), text(o, "rule"), text(o, "reason"), approvers,
                o.path("grantMillis").asLong(0), o.path("createdAt").asLong(0), o.path("expiresAt").asLong(0),
                text(o, "decidedBy"), o.path("decidedAt").asLong(0), text(o, "note"));
    }

    public static Approval fromJsonText(String text) {
        return fromJson(Json.MAPPER.readTree(text));
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asString();
    }
}
