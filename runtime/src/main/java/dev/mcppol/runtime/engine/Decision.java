package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * The answer for one call: the outcome, the rules that produced it (empty for the policy's
 * default), a reason a person can read and, for {@link Outcome#LIMIT}, the limit and when to retry.
 */
public record Decision(Outcome outcome, List<RuleInfo> rules, String reason, String limit, long retryAtMillis) {

    public Decision {
        rules = List.copyOf(rules);
    }

    /** The deciding rule's id, or {@code default} when the policy's default decided. */
    public String ruleId() {
        return rules.isEmpty() ? "default" : rules.get(0).id();
    }

    public List<String> ruleIds() {
        // A loop, not a stream: every decision asks for this once.
        String[] ids = new String[rules.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rules.get(i).id();
        }
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(ids));
    }
}
