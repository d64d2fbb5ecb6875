package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.approval.ApprovalException;
import dev.mcppol.runtime.approval.ArgumentHash;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import dev.mcppol.runtime.model.Durations;
import dev.mcppol.runtime.model.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What happens to a call an {@code ask} rule stopped (docs/APPROVALS.md): an approval already given for
 * exactly this call admits it; otherwise the user is asked through the client ({@code elicitation/create})
 * while the call is held, or the request is queued for a person with {@code mcppol approvals}. An
 * approved call is decided once more ({@link dev.mcppol.runtime.engine.Engine#decideApproved}): it
 * consumes the tool's limits only now, and a policy that denies it by then still denies it.
 */
final class AskApprovals {

    /** The rule id of the handler's own denials when a person said no or nobody answered. */
    static final String RULE_NOT_APPROVED = "mcppol:not-approved";
    /** Most characters of the argument summary a person reads in an elicitation. */
    private static final int SUMMARY_CHARS = 2000;

    private final ApprovalConfig config;

    AskApprovals(ApprovalConfig config) {
        this.config = config;
    }

    /** An ask decision for {@code call}: admit, hold and ask the user, or queue. */
    Handled onAsk(Inbound in, JsonNode msg, String tool, JsonNode arguments, CallDecision asked, long nanos) {
        JsonNode id = msg.get("id");
        if (config.mode() == ApprovalConfig.Mode.OFF || asked.decidedBy().isEmpty()) {
            return answer(in, id, tool, arguments, asked, nanos);
        }
        SessionState s = in.session();
        RuleInfo rule = asked.decidedBy().get(0);
        String hash = in.argumentsHash() != null ? in.argumentsHash() : ArgumentHash.of(tool, arguments);
        Optional<Approval> granted;
        try {
            granted = config.approvals().useHash(tool, hash, s.session(), s.identity(), in.now());
        } catch (RuntimeException e) {
            return answer(in, id, tool, arguments, CallDecision.proxyDeny(RULE_NOT_APPROVED,
                    "the approvals store cannot be read, so no approval can admit this call (fail closed): "
                            + e.getMessage()), nanos);
        }
        if (granted.isPresent()) {
            Approval a = granted.get();
            return approved(in, msg, id, tool, arguments, a.decidedBy() + " (approval " + a.id()
                    + (a.note() == null || a.note().isBlank() ? "" : ": " + a.note()) + ")", a, true);
        }
        boolean approverIsUser = rule.approvers().isEmpty()
                || (s.identity() != null && rule.approvers().contains(s.identity()));
        if (config.mode() == ApprovalConfig.Mode.AUTO && config.canHold() && s.canHold() && s.clientElicits()
                && approverIsUser) {
            String requestId = s.nextApprovalRequestId();
            PendingApproval p = new PendingApproval(requestId, msg, tool, arguments, hash, rule,
                    in.now() + config.timeoutMillis());
            if (s.hold(p)) {
                Decided decided = new Decided(tool, arguments, asked, nanos, in.engine().bundle().sha256());
                return Handled.answer(elicitation(requestId, tool, msg, asked), decided, true, List.of())
                        .holding(new Holding(id, true));
            }
        }
        return queue(in, id, tool, msg, arguments, hash, asked, rule, nanos);
    }

    /** The client's answer to one of the handler's elicitations: forward the held call, or deny it. */
    Handled onAnswer(Inbound in, PendingApproval p) {
        JsonNode result = in.msg().get("result");
        JsonNode content = result == null ? null : result.get("content");
        String action = result == null ? "error" : result.path("action").asString("");
        String decision = content == null ? "" : content.path("decision").asString("");
        String note = content == null ? null : content.path("note").asString(null);
        SessionState s = in.session();
        String who = s.identity() != null ? "the user " + s.identity() : "the user of session " + s.session();
        boolean approve = "accept".equals(action) && "approve".equals(decision);
        Approval kept = null;
        try {
            kept = config.approvals().recordElicited(p.tool(), p.argumentsHash(), summary(p.call()), s.session(),
                    s.identity(), p.rule().id(), p.rule().reason(), p.rule().approvers(), p.rule().grantMillis(),
                    approve, "elicitation: " + who, note, in.now());
        } catch (ApprovalException e) {
            // the audit record could not be kept; the answer itself still decides the call
        }
        JsonNode id = p.call().get("id");
        if (approve) {
            return approved(in, p.call(), id, p.tool(), p.arguments(), who
                    + (note == null || note.isBlank() ? "" : " (" + note + ")"), kept, false);
        }
        String why = switch (action) {
            case "accept" -> who + " denied it";
            case "decline" -> who + " declined to approve it";
            case "cancel" -> who + " dismissed the request";
            default -> "the client could not ask the user (" + errorText(in.msg()) + ")";
        };
        CallDecision d = notApproved(p.rule(), "not approved: " + why + (note == null || note.isBlank() ? "" : ": " + note));
        Decided decided = new Decided(p.tool(), p.arguments(), d, 0, in.engine().bundle().sha256(), "tool", kept, false);
        return Handled.answer(DecisionReplies.reply(id, d, in.now()), decided, true, List.of());
    }

    /** How often a held call whose request asked for progress gets a {@code notifications/progress}. */
    static final long PROGRESS_EVERY_MILLIS = 1000;

    /**
     * Progress for the held calls whose request carried {@code _meta.progressToken}: one notification
     * per {@link #PROGRESS_EVERY_MILLIS} of waiting, so a client that resets its timeout on progress
     * keeps waiting for the person instead of giving up.
     */
    List<HeldMessage> progress(SessionState s, long now) {
        List<HeldMessage> out = new ArrayList<>();
        for (PendingApproval p : s.heldCalls()) {
            JsonNode token = p.call().path("params").path("_meta").get("progressToken");
            if (token == null || !(token.isString() || token.isIntegralNumber())) {
                continue;
            }
            long waited = now - (p.deadline() - config.timeoutMillis());
            long step = waited / PROGRESS_EVERY_MILLIS;
            if (step >= 1 && s.progressStep(p.requestId(), step)) {
                ObjectNode n = Json.NODES.objectNode();
                n.put("jsonrpc", "2.0");
                n.put("method", "notifications/progress");
                ObjectNode params = n.putObject("params");
                params.set("progressToken", token);
                params.put("progress", step);
                params.put("message", "waiting for the user's approval of " + p.tool() + " ("
                        + Durations.format(step * PROGRESS_EVERY_MILLIS) + " of " + Durations.format(config.timeoutMillis())
                        + ")");
                out.add(new HeldMessage(p.call().get("id"), n));
            }
        }
        return out;
    }

    /** Held calls nobody answered in time: each is denied. */
    List<Handled> expire(SessionState s, String bundleSha256, long now) {
        List<Handled> out = new ArrayList<>();
        for (PendingApproval p : s.expired(now)) {
            CallDecision d = notApproved(p.rule(), "not approved: no answer from the user within "
                    + Durations.format(config.timeoutMillis()));
            Decided decided = new Decided(p.tool(), p.arguments(), d, 0, bundleSha256);
            out.add(Handled.answer(DecisionReplies.reply(p.call().get("id"), d, now), decided, true, List.of())
                    .holding(new Holding(p.call().get("id"), false)));
        }
        return out;
    }

    private Handled approved(Inbound in, JsonNode msg, JsonNode id, String tool, JsonNode arguments, String by,
                             Approval approval, boolean fromStore) {
        SessionState s = in.session();
        long started = System.nanoTime();
        Decision d = in.engine().decideApproved(new Call(tool, arguments, s.session(), s.identity(), in.now(),
                liveSchema(s, tool)), by);
        CallDecision cd = CallDecision.of(d);
        Decided decided = new Decided(tool, arguments, cd, System.nanoTime() - started, in.engine().bundle().sha256(),
                "tool", approval, fromStore);
        if (cd.outcome() == Outcome.ALLOW) {
            // the held (or retried) call goes to the server as the client sent it
            return new Handled(Handled.Action.FORWARD, msg == in.msg() ? null : msg, decided, true, false, List.of());
        }
        return Handled.answer(DecisionReplies.reply(id, cd, in.now()), decided, true, List.of());
    }

    private Handled queue(Inbound in, JsonNode id, String tool, JsonNode msg, JsonNode arguments, String hash,
                          CallDecision asked, RuleInfo rule, long nanos) {
        SessionState s = in.session();
        Approval a;
        try {
            a = config.approvals().requestHash(tool, hash, summary(msg), s.session(), s.identity(), rule.id(),
                    rule.reason(), rule.approvers(), rule.grantMillis(), in.now());
        } catch (ApprovalException e) {
            return answer(in, id, tool, arguments, CallDecision.proxyDeny(RULE_NOT_APPROVED, e.getMessage()), nanos);
        } catch (RuntimeException e) {
            return answer(in, id, tool, arguments, CallDecision.proxyDeny(RULE_NOT_APPROVED,
                    "the approvals store cannot take the request (fail closed): " + e.getMessage()), nanos);
        }
        ObjectNode data = DecisionReplies.meta(asked, in.now());
        ObjectNode approval = data.putObject("approval");
        approval.put("id", a.id());
        approval.put("status", a.status().word());
        approval.put("expiresAt", Instant.ofEpochMilli(a.expiresAt()).toString());
        approval.put("retry", "call the tool again with the same arguments once a person has approved " + a.id());
        String text = "approval required: " + asked.reason() + "; queued as " + a.id()
                + (rule.approvers().isEmpty() ? "" : " for " + String.join(" or ", rule.approvers()))
                + " (a person runs `mcppol approvals approve " + a.id() + "`), then call again with the same arguments";
        Decided decided = new Decided(tool, arguments, asked, nanos, in.engine().bundle().sha256());
        return Handled.answer(JsonRpc.error(id, JsonRpc.APPROVAL_REQUIRED, text, data), decided, true, List.of());
    }

    private static Handled answer(Inbound in, JsonNode id, String tool, JsonNode arguments, CallDecision d, long nanos) {
        Decided decided = new Decided(tool, arguments, d, nanos, in.engine().bundle().sha256());
        return Handled.answer(DecisionReplies.reply(id, d, in.now()), decided, true, List.of());
    }

    private static CallDecision notApproved(RuleInfo rule, String reason) {
        return new CallDecision(Outcome.DENY, rule.id(), List.of(rule.id()), reason, null, 0, List.of(rule));
    }

    private ObjectNode elicitation(String requestId, String tool, JsonNode call, CallDecision asked) {
        ObjectNode msg = Json.NODES.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.put("id", requestId);
        msg.put("method", "elicitation/create");
        ObjectNode params = msg.putObject("params");
        String args = Json.MAPPER.writeValueAsString(summary(call));
        if (args.length() > SUMMARY_CHARS) {
            args = args.substring(0, SUMMARY_CHARS) + "… (" + args.length() + " characters in all)";
        }
        params.put("message", "The agent wants to call " + tool + " with " + args + ".\n" + asked.reason()
                + "\nApprove this call?");
        ObjectNode schema = params.putObject("requestedSchema");
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ObjectNode decision = props.putObject("decision");
        decision.put("type", "string");
        decision.put("title", "Decision");
        decision.put("description", "approve forwards this one call to the server; deny refuses it");
        decision.putArray("enum").add("approve").add("deny");
        ObjectNode note = props.putObject("note");
        note.put("type", "string");
        note.put("title", "Note");
        note.put("description", "why (kept in the decision log)");
        schema.putArray("required").add("decision");
        params.set("_meta", DecisionReplies.meta(asked, 0));
        return msg;
    }

    /** The arguments as a person may see them: secret-looking values and the proxy's {@code --redact} paths replaced. */
    private JsonNode summary(JsonNode call) {
        JsonNode redacted = config.redactor().message(call);
        JsonNode args = redacted.path("params").get("arguments");
        return args == null ? Json.NODES.objectNode() : args;
    }

    private static JsonNode liveSchema(SessionState s, String tool) {
        JsonNode live = s.liveTool(tool);
        return live == null ? null : live.get("inputSchema");
    }

    private static String errorText(JsonNode msg) {
        JsonNode e = msg.get("error");
        if (e == null) {
            return "no result";
        }
        String m = e.path("message").asString("");
        return "error " + e.path("code").asString("?") + (m.isEmpty() ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m));
    }
}
