package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * A decision as the proxy reports it and a replay checks it: the engine's, or one the handler takes
 * itself before the engine can run (a call it cannot read, a drifted schema, an engine failure), named
 * by an {@code mcppol:} rule.
 *
 * @param rule          the deciding rule's id, {@code default}, or an {@code mcppol:} rule
 * @param rules         every rule that took part (empty for the default)
 * @param decidedBy     the bundle's rules behind {@code rules}, in order (empty for the default and for
 *                      the handler's own decisions)
 * @param retryAtMillis for {@link Outcome#LIMIT}: the time from which a retry may succeed, else 0
 */
public record CallDecision(Outcome outcome, String rule, List<String> rules, String reason, String limit,
                           long retryAtMillis, List<RuleInfo> decidedBy) {

    public static final String RULE_DEFAULT = "default";
    public static final String RULE_MALFORMED = "mcppol:malformed-call";
    public static final String RULE_DRIFT = "mcppol:schema-drift";
    /** With {@code --on-drift deny}: a call before the session's first {@code tools/list} answer. */
    public static final String RULE_SCHEMA_UNKNOWN = "mcppol:schema-unknown";
    public static final String RULE_ERROR = "mcppol:engine-error";
    /** A request other than tools/call whose params cannot be read, of a kind the policy decides. */
    public static final String RULE_MALFORMED_REQUEST = "mcppol:malformed-request";
    /** completion/complete for a prompt or resource the policy hides. */
    public static final String RULE_HIDDEN = "mcppol:hidden";

    public CallDecision {
        rules = List.copyOf(rules);
        decidedBy = List.copyOf(decidedBy);
    }

    public static CallDecision of(Decision d) {
        return new CallDecision(d.outcome(), d.ruleId(), d.ruleIds(), d.reason(), d.limit(), d.retryAtMillis(),
                d.rules());
    }

    /** The handler's own denial of a call whose params it cannot read (the same text in the proxy and a replay). */
    public static CallDecision malformed(String problem) {
        return proxyDeny(RULE_MALFORMED, problem + " (denied: fail closed)");
    }

    public static CallDecision proxyDeny(String rule, String reason) {
        return new CallDecision(Outcome.DENY, rule, List.of(rule), reason, null, 0, List.of());
    }

    /** True when the policy's default decided (no rule matched). */
    public boolean byDefault() {
        return RULE_DEFAULT.equals(rule) && decidedBy.isEmpty();
    }

    /**
     * False for decisions a replay cannot take: it knows nothing of schema drift or of an engine
     * failure. Recording such a call with its outcome would make the recording fail; recording it
     * without would count limits the proxy never counted; so it is not recorded.
     */
    public boolean replayable() {
        return !RULE_DRIFT.equals(rule) && !RULE_SCHEMA_UNKNOWN.equals(rule) && !RULE_ERROR.equals(rule);
    }

    public long retryAfterMillis(long nowMillis) {
        return outcome == Outcome.LIMIT ? Math.max(0, retryAtMillis - nowMillis) : 0;
    }
}
