package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.mcp.MethodPolicy;
import dev.mcppol.runtime.model.MethodKind;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * The requests other than {@code tools/call} a policy decides: {@code resources/read},
 * {@code resources/subscribe}, {@code prompts/get} from the client, and {@code sampling/createMessage},
 * {@code elicitation/create}, {@code roots/list} from the server. Allowed requests go on unchanged; a
 * refused one is answered in the other side's place with JSON-RPC error -32012 (-32011 for ask) — a
 * refused server request is answered to the server and never reaches the client. A kind the policy
 * does not name passes unread.
 */
final class MethodRequests implements MethodHandler {

    static final List<String> CLIENT_METHODS = List.of("resources/read", "resources/subscribe", "prompts/get");
    static final List<String> SERVER_METHODS = List.of("sampling/createMessage", "elicitation/create", "roots/list");

    @Override
    public Handled handle(Inbound in) {
        MethodKind kind = MethodKind.ofMethod(in.msg().path("method").asString(null));
        if (kind == null || !in.msg().has("id")) {
            return Handled.FORWARD; // a notification gets no answer and carries no request to refuse
        }
        long started = System.nanoTime();
        MethodPolicy.Verdict v;
        CallDecision d;
        String warning = null;
        try {
            v = MethodPolicy.decide(in.engine(), kind, in.msg(), in.session().templates(), in.session().session(),
                    in.session().identity(), in.now());
            if (!v.checked()) {
                return Handled.FORWARD;
            }
            d = v.request().wellFormed() ? CallDecision.of(v.decision())
                    : CallDecision.proxyDeny(CallDecision.RULE_MALFORMED_REQUEST, v.request().problem()
                    + " (denied: fail closed)");
        } catch (RuntimeException e) {
            v = null;
            warning = "could not decide " + kind.noun() + ", denying it: " + e;
            d = CallDecision.proxyDeny(CallDecision.RULE_ERROR, "the policy could not be evaluated: " + e.getMessage());
        }
        String subject = v == null ? null : v.request().subject();
        String target = kind.fromServer() || subject == null ? kind.noun() : kind.noun() + " " + subject;
        Decided decided = new Decided(target, v == null ? null : v.request().arguments(), d,
                System.nanoTime() - started, in.engine().bundle().sha256(), kind.noun());
        if (d.outcome() == Outcome.ALLOW) {
            return Handled.forward(decided, d.replayable());
        }
        return Handled.answer(DecisionReplies.requestError(in.msg().get("id"), d, in.now()), decided, d.replayable(),
                warning == null ? List.of() : List.of(warning));
    }
}
