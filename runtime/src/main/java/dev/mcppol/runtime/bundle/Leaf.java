package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.model.Outcome;
import java.util.List;

/**
 * A terminal of a decision diagram: the outcome before limits ({@code ALLOW}, {@code DENY} or
 * {@code ASK}), the rules that produced it (indexes into the bundle's rules; empty for the
 * policy's default) and, for {@code ALLOW}, the limits every admitted call consumes.
 */
public record Leaf(Outcome outcome, List<Integer> rules, List<Integer> limits) {
    public Leaf {
        rules = List.copyOf(rules);
        limits = List.copyOf(limits);
        if (outcome == Outcome.LIMIT) {
            throw new IllegalArgumentException("a leaf never says limit: limits are checked after the leaf");
        }
    }
}
