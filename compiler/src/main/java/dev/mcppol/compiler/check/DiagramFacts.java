package dev.mcppol.compiler.check;

import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What the compiled decision diagrams know: which rules decide at least one leaf (or bring a limit
 * to one: the first allow rule that names a limit is the one its refusals name), and which limits
 * some allow leaf consumes. Atoms are independent variables there, so "never in a leaf" is sound:
 * even with every combination of atom values the rule or limit never decides anything.
 *
 * <p>Two checks ask for the same facts; one instance remembers the last policy it compiled so a
 * check run compiles the diagrams once.
 */
public final class DiagramFacts {

    /** @param rules indexes into {@code policy.rules()}; {@code limits} into {@code policy.limits()} */
    public record Facts(Set<Integer> rules, Set<Integer> limits) {
    }

    private Policy lastPolicy;
    private Map<String, JsonNode> lastSchemas;
    private Facts last;
    private Bundle lastBundle;

    /**
     * The bundle (unhashed) these facts were computed from, when they were computed for exactly this
     * policy and schemas: the compiler reuses it instead of building the same diagrams twice.
     */
    public synchronized Bundle compiled(Policy policy, Map<String, JsonNode> schemas) {
        return policy == lastPolicy && schemas == lastSchemas ? lastBundle : null;
    }

    /** The facts, or null when the diagrams cannot be built (too large, or unresolved limits). */
    public synchronized Facts of(Policy policy, Map<String, JsonNode> schemas) {
        if (policy != lastPolicy || schemas != lastSchemas) {
            lastPolicy = policy;
            lastSchemas = schemas;
            last = compute(policy, schemas);
        }
        return last;
    }

    private Facts compute(Policy policy, Map<String, JsonNode> schemas) {
        lastBundle = null;
        // The diagram compiler assumes resolved limits; LimitUseCheck reports the unresolved ones.
        Map<String, ?> byName = policy.limitsByName();
        for (Rule r : policy.rules()) {
            for (String l : r.limits()) {
                if (byName.get(l) == null) {
                    return null;
                }
            }
        }
        for (ToolLimit t : policy.toolLimits()) {
            if (byName.get(t.limit()) == null) {
                return null;
            }
        }
        Bundle bundle;
        try {
            bundle = new DiagramCompiler().compile(policy, schemas);
        } catch (DiagramCompiler.TooLarge e) {
            return null;
        }
        lastBundle = bundle;
        Set<Integer> rules = new HashSet<>();
        Set<Integer> limits = new HashSet<>();
        Set<Integer> leaves = new HashSet<>();
        for (Diagram d : bundle.tools().values()) {
            reachableLeaves(d, leaves);
        }
        reachableLeaves(bundle.fallback(), leaves);
        for (int i : leaves) {
            Leaf leaf = bundle.leaves().get(i);
            rules.addAll(leaf.rules());
            limits.addAll(leaf.limits());
            // A rule that only brings a limit (another allow rule decides) still changes decisions.
            for (java.util.List<Integer> by : leaf.limitRules()) {
                by.stream().filter(r -> r < policy.rules().size()).forEach(rules::add);
            }
        }
        return new Facts(Set.copyOf(rules), Set.copyOf(limits));
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
