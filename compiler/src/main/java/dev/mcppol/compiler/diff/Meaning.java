package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * What a leaf means, without provenance: the outcome and the limits an admitted call consumes,
 * each described by {@link LimitIdentities} (by parameters and counter, not by spelling).
 */
record Meaning(Outcome outcome, List<String> limits) {

    static Meaning of(Bundle b, Leaf leaf) {
        return of(b, leaf, new LimitIdentities(b));
    }

    static Meaning of(Bundle b, Leaf leaf, LimitIdentities ids) {
        List<String> limits = leaf.limits().stream().map(ids::of).sorted().toList();
        return new Meaning(leaf.outcome(), limits);
    }

    String text() {
        return outcome.word() + (limits.isEmpty() ? "" : " consuming " + String.join("; ", limits));
    }
}
