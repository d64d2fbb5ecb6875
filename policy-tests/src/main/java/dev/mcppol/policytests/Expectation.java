package dev.mcppol.policytests;

import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.model.Outcome;

/**
 * What a transcript expects of one call: an outcome and, optionally, the deciding rule's id and a
 * substring of the reason.
 */
public record Expectation(Outcome outcome, String rule, String reason) {

    /** Null when the decision meets the expectation, else what differs, in words. */
    public String mismatch(Decision d) {
        if (d.outcome() != outcome) {
            return "expected " + outcome.word() + ", got " + d.outcome().word();
        }
        if (rule != null && !d.ruleIds().contains(rule) && !(rule.equals("default") && d.rules().isEmpty())) {
            return "expected rule " + rule + ", got " + (d.rules().isEmpty() ? "the default" : String.join(", ",
                    d.ruleIds()));
        }
        if (reason != null && (d.reason() == null || !d.reason().contains(reason))) {
            return "expected a reason containing \"" + reason + "\", got \"" + d.reason() + "\"";
        }
        return null;
    }

    public String text() {
        StringBuilder b = new StringBuilder(outcome.word());
        if (rule != null) {
            b.append(" by rule ").append(rule);
        }
        if (reason != null) {
            b.append(" with reason containing \"").append(reason).append('"');
        }
        return b.toString();
    }
}
