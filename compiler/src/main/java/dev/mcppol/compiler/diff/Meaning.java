package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * What a leaf means, without provenance: the outcome and the limits an admitted call consumes,
 * each described by {@link LimitIdentities} (by parameters and counter, not by spelling). For an ask,
 * who may approve and how long an approval lasts are part of the meaning too ({@code approval}; "" else).
 */
record Meaning(Outcome outcome, List<String> limits, String approval) {

    static Meaning of(Bundle b, Leaf leaf) {
        return of(b, leaf, new LimitIdentities(b));
    }

    /** {@code approvers a, b; approve for 1h}, or "" for an ask anyone may approve once. */
    static String approval(dev.mcppol.runtime.bundle.RuleInfo r) {
        List<String> parts = new java.util.ArrayList<>();
        if (!r.approvers().isEmpty()) {
            parts.add("approvers " + String.join(", ", r.approvers().stream().sorted().toList()));
        }
        if (r.grantMillis() > 0) {
            parts.add("approve for " + dev.mcppol.runtime.model.Durations.format(r.grantMillis()));
        }
        return String.join("; ", parts);
    }

    static Meaning of(Bundle b, Leaf leaf, LimitIdentities ids) {
        List<String> limits = leaf.limits().stream().map(ids::of).sorted().toList();
        String approval = "";
        if (leaf.outcome() == Outcome.ASK && !leaf.rules().isEmpty()) {
            approval = approval(b.rules().get(leaf.rules().get(0)));
        }
        return new Meaning(leaf.outcome(), limits, approval);
    }

    String text() {
        return outcome.word() + (approval.isEmpty() ? "" : " (" + approval + ")")
                + (limits.isEmpty() ? "" : " consuming " + String.join("; ", limits));
    }
}
