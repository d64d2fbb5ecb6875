package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * What a leaf means, without provenance: the outcome and the limits an admitted call consumes.
 * Named limits compare by name and parameters (they are shared counters); a tool's own inline
 * limit compares by parameters only, since its name is just where it was written.
 */
record Meaning(Outcome outcome, List<String> limits) {

    static Meaning of(Bundle b, Leaf leaf) {
        List<String> limits = leaf.limits().stream().map(i -> describe(b.limits().get(i))).sorted().toList();
        return new Meaning(leaf.outcome(), limits);
    }

    static String describe(LimitSpec l) {
        return (l.shared() ? l.name() + ": " : "per-tool: ") + l.text();
    }

    String text() {
        return outcome.word() + (limits.isEmpty() ? "" : " consuming " + String.join("; ", limits));
    }
}
