package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.model.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal of a decision diagram: the outcome before limits ({@code ALLOW}, {@code DENY} or
 * {@code ASK}), the rules that produced it (indexes into the bundle's rules; empty for the
 * policy's default) and, for {@code ALLOW}, the limits every admitted call consumes.
 *
 * @param limitRules per entry of {@code limits}, the rules that brought that limit to this leaf (an
 *                   allow rule's {@code limit}, or a tool-level limit's own entry in the bundle's
 *                   rules): a limit decision names them, not the first allow rule
 */
public record Leaf(Outcome outcome, List<Integer> rules, List<Integer> limits, List<List<Integer>> limitRules) {
    public Leaf {
        rules = List.copyOf(rules);
        limits = List.copyOf(limits);
        List<List<Integer>> copy = new ArrayList<>();
        for (List<Integer> r : limitRules) {
            copy.add(List.copyOf(r));
        }
        limitRules = List.copyOf(copy);
        if (outcome == Outcome.LIMIT) {
            throw new IllegalArgumentException("a leaf never says limit: limits are checked after the leaf");
        }
        if (limitRules.size() != limits.size()) {
            throw new IllegalArgumentException("one list of rules per limit");
        }
    }

    /** A leaf whose limits are all attributed to its own rules. */
    public Leaf(Outcome outcome, List<Integer> rules, List<Integer> limits) {
        this(outcome, rules, limits, limits.stream().map(l -> List.copyOf(rules)).toList());
    }
}
