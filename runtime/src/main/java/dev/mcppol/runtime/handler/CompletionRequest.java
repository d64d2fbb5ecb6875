package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.mcp.MethodPolicy;
import java.util.List;

/**
 * {@code completion/complete}: the values it suggests belong to a prompt or a resource template, so a
 * completion for one the policy hides (or always denies) is refused like the prompt or resource itself.
 * Nothing is counted; any other completion goes on unchanged.
 */
final class CompletionRequest implements MethodHandler {

    @Override
    public Handled handle(Inbound in) {
        if (!in.msg().has("id")) {
            return Handled.FORWARD;
        }
        String refusal = MethodPolicy.completionRefusal(in.engine(), in.msg());
        if (refusal == null) {
            return Handled.FORWARD;
        }
        CallDecision d = CallDecision.proxyDeny(CallDecision.RULE_HIDDEN, refusal);
        Decided decided = new Decided("completion", in.msg().path("params").path("ref"), d, 0,
                in.engine().bundle().sha256(), "completion");
        return Handled.answer(DecisionReplies.requestError(in.msg().get("id"), d, in.now()), decided, true, List.of());
    }
}
