package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * A decision as the proxy reports it: the engine's, or one the proxy takes itself before the engine
 * can run (a call it cannot read, a drifted schema, an engine failure), named by an {@code mcppol:} rule.
 *
 * @param retryAtMillis for {@link Outcome#LIMIT}: wall-clock time from which a retry may succeed, else 0
 */
public record CallDecision(Outcome outcome, String rule, List<String> rules, String reason, String limit,
                           long retryAtMillis) {

    public static final String RULE_MALFORMED = "mcppol:malformed-call";
    public static final String RULE_DRIFT = "mcppol:schema-drift";
    public static final String RULE_ERROR = "mcppol:engine-error";
    /** A request other than tools/call whose params cannot be read, of a kind the policy decides. */
    public static final String RULE_MALFORMED_REQUEST = "mcppol:malformed-request";
    /** completion/complete for a prompt or resource the policy hides. */
    public static final String RULE_HIDDEN = "mcppol:hidden";

    public CallDecision {
        rules = List.copyOf(rules);
    }

    public static CallDecision of(Decision d) {
        return new CallDecision(d.outcome(), d.ruleId(), d.ruleIds(), d.reason(), d.limit(), d.retryAtMillis());
    }

    public static CallDecision proxyDeny(String rule, String reason) {
        return new CallDecision(Outcome.DENY, rule, List.of(rule), reason, null, 0);
    }

    public long retryAfterMillis(long nowMillis) {
        return outcome == Outcome.LIMIT ? Math.max(0, retryAtMillis - nowMillis) : 0;
    }
}
