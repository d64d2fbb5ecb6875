package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.model.LimitSpec;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each limit of a bundle is, without its spelling: its parameters by value ({@code <= 100} and
 * {@code <= 100.0} are one budget), and which counter it is. A named limit only one tool uses is that
 * tool's own counter, the same as an inline limit; a named limit several tools share keeps no name as
 * long as its parameters tell it apart from the bundle's other shared limits (so a renamed limit is
 * the same limit). Where two counters of one bundle would look alike they keep their names, so two
 * leaves compare equal only when they consume the same counters: the comparison stays sound.
 */
final class LimitIdentities {

    private final List<String> describe = new ArrayList<>();

    LimitIdentities(Bundle b) {
        Map<Integer, Set<String>> users = users(b);
        List<LimitSpec> limits = b.limits();
        boolean[] perTool = new boolean[limits.size()];
        for (int i = 0; i < limits.size(); i++) {
            Set<String> u = users.getOrDefault(i, Set.of());
            perTool[i] = !limits.get(i).shared() || (u.size() == 1 && !u.contains(null));
        }
        for (int i = 0; i < limits.size(); i++) {
            String params = params(limits.get(i));
            boolean unique = true;
            for (int j = 0; j < limits.size() && unique; j++) {
                if (j != i && perTool[j] == perTool[i] && params(limits.get(j)).equals(params)
                        && (!perTool[i] || overlap(users.get(i), users.get(j)))) {
                    unique = false;
                }
            }
            String kind = perTool[i] ? "per-tool" : "shared";
            describe.add(unique ? kind + ": " + params : kind + " " + limits.get(i).name() + ": " + params);
        }
    }

    String of(int limit) {
        return describe.get(limit);
    }

    /** The parameters by value: the max without trailing zeros. */
    static String params(LimitSpec l) {
        BigDecimal max = l.max().signum() == 0 ? BigDecimal.ZERO : l.max().stripTrailingZeros();
        return l.withMax(max).text();
    }

    private static boolean overlap(Set<String> a, Set<String> b) {
        if (a == null || b == null) {
            return true;
        }
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }

    /** Limit index to the tools (null: the tools only globs reach) whose diagrams reach a leaf consuming it. */
    private static Map<Integer, Set<String>> users(Bundle b) {
        Map<Integer, Set<String>> out = new HashMap<>();
        Map<String, Diagram> all = new HashMap<>(b.tools());
        all.put(null, b.fallback());
        for (Map.Entry<String, Diagram> e : all.entrySet()) {
            Diagram d = e.getValue();
            Deque<Integer> todo = new ArrayDeque<>();
            Set<Integer> seen = new HashSet<>();
            todo.push(d.root());
            while (!todo.isEmpty()) {
                int ref = todo.pop();
                if (ref < 0) {
                    Leaf leaf = b.leaves().get(Diagram.leafOf(ref));
                    for (int l : leaf.limits()) {
                        out.computeIfAbsent(l, k -> new HashSet<>()).add(e.getKey());
                    }
                } else if (seen.add(ref)) {
                    todo.push(d.low()[ref]);
                    todo.push(d.high()[ref]);
                }
            }
        }
        return out;
    }
}
