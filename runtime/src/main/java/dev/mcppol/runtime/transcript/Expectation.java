package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.model.Outcome;

/**
 * What a transcript expects of one call: an outcome and, optionally, the deciding rule's id and a
 * substring of the reason.
 */
public record Expectation(Outcome outcome, String rule, String reason) {

    /** Null when the decision meets the expectation, else what differs, in words. */
    public String mismatch(CallDecision d) {
        if (d.outcome() != outcome) {
            return "expected " + outcome.word() + ", got " + d.outcome().word();
        }
        if (rule != null && !d.rules().contains(rule) && !(rule.equals(CallDecision.RULE_DEFAULT) && d.byDefault())) {
            return "expected rule " + rule + ", got " + (d.byDefault() ? "the default" : String.join(", ", d.rules()));
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
