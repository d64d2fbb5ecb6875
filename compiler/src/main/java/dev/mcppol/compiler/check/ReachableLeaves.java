package dev.mcppol.compiler.check;

import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a policy's decision diagrams let decide: which rules decide at least one reachable leaf (or
 * bring a limit to one: the first allow rule that names a limit is the one its refusals name), and
 * which limits some allow leaf consumes. Atoms are independent variables there, so "never in a leaf"
 * is sound: even with every combination of atom values the rule or limit never decides anything.
 *
 * @param rules  indexes into {@code policy.rules()}
 * @param limits indexes into {@code policy.limits()}
 */
public record ReachableLeaves(Set<Integer> rules, Set<Integer> limits) {

    public ReachableLeaves {
        rules = Set.copyOf(rules);
        limits = Set.copyOf(limits);
    }

    /** @param diagrams {@code policy}'s diagrams (a section's: the section as a policy of its own) */
    public static ReachableLeaves of(Bundle diagrams, Policy policy) {
        Set<Integer> rules = new HashSet<>();
        Set<Integer> limits = new HashSet<>();
        Set<Integer> leaves = new HashSet<>();
        for (Diagram d : diagrams.tools().values()) {
            reachableLeaves(d, leaves);
        }
        reachableLeaves(diagrams.fallback(), leaves);
        for (int i : leaves) {
            Leaf leaf = diagrams.leaves().get(i);
            rules.addAll(leaf.rules());
            limits.addAll(leaf.limits());
            // A rule that only brings a limit (another allow rule decides) still changes decisions.
            for (List<Integer> by : leaf.limitRules()) {
                by.stream().filter(r -> r < policy.rules().size()).forEach(rules::add);
            }
        }
        return new ReachableLeaves(rules, limits);
    }

    private static void reachableLeaves(Diagram d, Set<Integer> into) {
        Deque<Integer> todo = new ArrayDeque<>();
        Set<Integer> seen = new HashSet<>();
        todo.push(d.root());
        while (!todo.isEmpty()) {
            int ref = todo.pop();
            if (ref < 0) {
                into.add(Diagram.leafOf(ref));
            } else if (seen.add(ref)) {
                todo.push(d.low()[ref]);
                todo.push(d.high()[ref]);
            }
        }
    }
}
