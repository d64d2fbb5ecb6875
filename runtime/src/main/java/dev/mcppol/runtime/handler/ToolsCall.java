package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.mcp.ToolCallRequest;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code tools/call}, client to server: the policy decides it. Allowed calls go on unchanged; the
 * handler answers the others in the server's place. A call it cannot read is denied (fail closed);
 * a call without an id gets no answer, so it may not reach the server either.
 */
final class ToolsCall implements MethodHandler {
    private final DriftAction onDrift;
    private final AskApprovals approvals;

    ToolsCall(DriftAction onDrift, AskApprovals approvals) {
        this.onDrift = onDrift;
        this.approvals = approvals;
    }

    @Override
    public Handled handle(Inbound in) {
        if (!ToolCallRequest.isRequest(in.msg())) {
            return Handled.refusedDrop("dropped a tools/call without a valid id (a call must be a request)");
        }
        ToolCallRequest call = ToolCallRequest.of(in.msg());
        long started = System.nanoTime();
        String[] warning = new String[1];
        CallDecision d = call.wellFormed() ? decide(in, call.tool(), call.arguments(), warning)
                : CallDecision.malformed(call.problem());
        Decided decided = new Decided(call.tool(), call.arguments(), d, System.nanoTime() - started,
                in.engine().bundle().sha256());
        if (d.outcome() == Outcome.ALLOW) {
            return Handled.forward(decided, d.replayable());
        }
        if (d.outcome() == Outcome.ASK) {
            return approvals.onAsk(in, in.msg(), call.tool(), call.arguments(), d, decided.nanos());
        }
        return Handled.answer(in.answerUnread() ? null : DecisionReplies.reply(call.id(), d, in.now()), decided,
                d.replayable(),
                warning[0] == null ? List.of() : List.of(warning[0]));
    }

    private CallDecision decide(Inbound in, String tool, JsonNode arguments, String[] warning) {
        Engine engine = in.engine();
        SessionState s = in.session();
        JsonNode live = s.liveTool(tool);
        if (onDrift == DriftAction.DENY) {
            if (live == null && !s.toolsListed()) {
                // Drift cannot be ruled out before the server has said what its tools are.
                return CallDecision.proxyDeny(CallDecision.RULE_SCHEMA_UNKNOWN, "the server has not listed its tools in"
                        + " this session yet, so drift of tool " + tool + " cannot be ruled out (--on-drift deny);"
                        + " call tools/list first");
            }
            List<String> drift = SchemaDrift.drifted(engine.bundle(), tool, live);
            if (!drift.isEmpty()) {
                return CallDecision.proxyDeny(CallDecision.RULE_DRIFT, "the server's " + String.join(" and ", drift)
                        + " of tool " + tool + " differs from the one the policy was compiled against; recompile the"
                        + " policy against the server's current tools/list");
            }
        }
        JsonNode sessionSchema = live == null ? null : live.get("inputSchema");
        try {
            return CallDecision.of(engine.decideServed(new Call(tool, arguments, s.session(), s.identity(), in.now(),
                    sessionSchema, s.claims())));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // Even an Error (a huge allocation refused, a stack exhausted) ends in a denial, never a silent hang.
            warning[0] = "could not decide " + tool + ", denying it: " + e.getClass().getSimpleName();
            return CallDecision.proxyDeny(CallDecision.RULE_ERROR, "the policy could not be evaluated ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
