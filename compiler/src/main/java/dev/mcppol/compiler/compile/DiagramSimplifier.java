package dev.mcppol.compiler.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops the tests whose outcome earlier tests on the same value already decide ({@code a < 3}
 * after {@code a < 5} was found false), so no path of the diagram is infeasible and equivalent
 * formulations of a condition compile to the same structure.
 */
public final class DiagramSimplifier {
    private final DiagramManager m;
    private final AtomRelations relations;
    private final Map<String, Integer> memo = new HashMap<>();
    private final Map<Integer, java.util.BitSet> groupsBelow = new HashMap<>();

    public DiagramSimplifier(DiagramManager m, AtomRelations relations) {
        this.m = m;
        this.relations = relations;
    }

    public int run(int root) {
        return simplify(root, List.of());
    }

    /** @param path the literals of relational atoms on the way here, as atom * 2 + value */
    private int simplify(int ref, List<Integer> path) {
        if (ref < 0) {
            return ref;
        }
        int var = m.var(ref);
        if (relations.group(var) >= 0) {
            for (int lit : path) {
                Boolean forced = relations.implied(lit >> 1, (lit & 1) == 1, var);
                if (forced != null) {
                    return simplify(forced ? m.high(ref) : m.low(ref), path);
                }
            }
        }
        java.util.BitSet below = groups(ref);
        StringBuilder key = new StringBuilder().append(ref);
        for (int lit : path) {
            if (below.get(relations.group(lit >> 1))) {
                key.append(',').append(lit);
            }
        }
        Integer done = memo.get(key.toString());
        if (done != null) {
            return done;
        }
        int result;
        if (relations.group(var) >= 0) {
            List<Integer> low = new ArrayList<>(path);
            low.add(var * 2);
            List<Integer> high = new ArrayList<>(path);
            high.add(var * 2 + 1);
            int lo = simplify(m.low(ref), low);
            int hi = simplify(m.high(ref), high);
            // Where one branch already behaves like the other on every path the test allows,
            // the test is redundant: keep that branch alone.
            if (lo != hi && simplify(lo, high) == hi) {
                result = lo;
            } else if (lo != hi && simplify(hi, low) == lo) {
                result = hi;
            } else {
                result = m.mk(var, lo, hi);
            }
        } else {
            result = m.mk(var, simplify(m.low(ref), path), simplify(m.high(ref), path));
        }
        memo.put(key.toString(), result);
        return result;
    }

    private java.util.BitSet groups(int ref) {
        java.util.BitSet g = groupsBelow.get(ref);
        if (g != null) {
            return g;
        }
        g = new java.util.BitSet();
        if (ref >= 0) {
            if (relations.group(m.var(ref)) >= 0) {
                g.set(relations.group(m.var(ref)));
            }
            g.or(groups(m.low(ref)));
            g.or(groups(m.high(ref)));
        }
        groupsBelow.put(ref, g);
        return g;
    }
}
