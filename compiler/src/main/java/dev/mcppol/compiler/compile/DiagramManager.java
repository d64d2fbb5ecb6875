package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.runtime.model.Atom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Hash-consed decision diagrams over a fixed variable order. References: {@code r >= 0} a node,
 * {@code r < 0} the terminal {@code -r - 1}. Boolean diagrams use the terminals {@code false} and
 * {@code true}; multi-terminal ones use partial decisions (see {@link DiagramCompiler}).
 * Because every node is unique ({@code mk}) and no node has equal children, the diagram of a
 * function is unique for the order: that is what makes the compiled table canonical.
 */
public final class DiagramManager {

    private final Map<String, Integer> varOf;
    private final int budget;
    private final List<int[]> nodes = new ArrayList<>();
    private final Map<Long, Map<Integer, Integer>> unique = new HashMap<>();
    private final List<Object> terminals = new ArrayList<>();
    private final Map<Object, Integer> terminalIds = new HashMap<>();
    private final Map<Long, Integer> andMemo = new HashMap<>();
    private final Map<Long, Integer> orMemo = new HashMap<>();
    private final Map<Integer, Integer> notMemo = new HashMap<>();

    public final int falseRef;
    public final int trueRef;

    public DiagramManager(Map<String, Integer> varOf, int budget) {
        this.varOf = varOf;
        this.budget = budget;
        this.falseRef = terminal(Boolean.FALSE);
        this.trueRef = terminal(Boolean.TRUE);
    }

    public int terminal(Object value) {
        Integer id = terminalIds.get(value);
        if (id == null) {
            id = terminals.size();
            terminals.add(value);
            terminalIds.put(value, id);
        }
        return -id - 1;
    }

    public Object terminalValue(int ref) {
        return terminals.get(-ref - 1);
    }

    public int var(int ref) {
        return ref < 0 ? Integer.MAX_VALUE : nodes.get(ref)[0];
    }

    public int low(int ref) {
        return nodes.get(ref)[1];
    }

    public int high(int ref) {
        return nodes.get(ref)[2];
    }

    public int mk(int var, int low, int high) {
        if (low == high) {
            return low;
        }
        long key = ((long) low << 32) ^ (high & 0xffffffffL);
        Map<Integer, Integer> byVar = unique.computeIfAbsent(key, k -> new HashMap<>(2));
        Integer existing = byVar.get(var);
        if (existing != null) {
            return existing;
        }
        if (nodes.size() >= budget) {
            throw new NodeBudgetExceeded(budget);
        }
        int id = nodes.size();
        nodes.add(new int[] {var, low, high});
        byVar.put(var, id);
        return id;
    }

    int size() {
        return nodes.size();
    }

    // ---- boolean diagrams of conditions ----

    int of(Condition c) {
        return c.accept(new Condition.Visitor<Integer>() {
            public Integer constant(Condition.Const k) {
                return k.value() ? trueRef : falseRef;
            }

            public Integer atom(Condition.AtomCond a) {
                return mk(varOf(a.atom()), falseRef, trueRef);
            }

            public Integer not(Condition.Not n) {
                return DiagramManager.this.not(of(n.operand()));
            }

            public Integer and(Condition.And a) {
                int acc = trueRef;
                for (Condition part : a.parts()) {
                    acc = DiagramManager.this.and(acc, of(part));
                    if (acc == falseRef) {
                        break;
                    }
                }
                return acc;
            }

            public Integer or(Condition.Or o) {
                int acc = falseRef;
                for (Condition part : o.parts()) {
                    acc = DiagramManager.this.or(acc, of(part));
                    if (acc == trueRef) {
                        break;
                    }
                }
                return acc;
            }
        });
    }

    private int varOf(Atom atom) {
        Integer v = varOf.get(atom.key());
        if (v == null) {
            throw new IllegalStateException("atom not in the order: " + atom.key());
        }
        return v;
    }

    int not(int a) {
        if (a == trueRef) {
            return falseRef;
        }
        if (a == falseRef) {
            return trueRef;
        }
        Integer m = notMemo.get(a);
        if (m != null) {
            return m;
        }
        int r = mk(var(a), not(low(a)), not(high(a)));
        notMemo.put(a, r);
        return r;
    }

    int and(int a, int b) {
        if (a == falseRef || b == falseRef) {
            return falseRef;
        }
        if (a == trueRef) {
            return b;
        }
        if (b == trueRef || a == b) {
            return a;
        }
        return apply(a, b, true);
    }

    int or(int a, int b) {
        if (a == trueRef || b == trueRef) {
            return trueRef;
        }
        if (a == falseRef) {
            return b;
        }
        if (b == falseRef || a == b) {
            return a;
        }
        return apply(a, b, false);
    }

    private int apply(int a, int b, boolean isAnd) {
        if (a > b) {
            int t = a;
            a = b;
            b = t;
        }
        long key = ((long) a << 32) ^ (b & 0xffffffffL);
        Map<Long, Integer> memo = isAnd ? andMemo : orMemo;
        Integer m = memo.get(key);
        if (m != null) {
            return m;
        }
        int v = Math.min(var(a), var(b));
        int al = var(a) == v ? low(a) : a;
        int ah = var(a) == v ? high(a) : a;
        int bl = var(b) == v ? low(b) : b;
        int bh = var(b) == v ? high(b) : b;
        int r = isAnd ? mk(v, and(al, bl), and(ah, bh)) : mk(v, or(al, bl), or(ah, bh));
        memo.put(key, r);
        return r;
    }

    // ---- multi-terminal diagrams ----

    /**
     * The diagram of "the terminal so far, updated by {@code update} where {@code cond} holds".
     * Terminal values must be immutable and have value equality (records, lists).
     */
    int addItem(int matches, int cond, UnaryOperator<Object> update, Map<Long, Integer> memo) {
        if (cond == falseRef) {
            return matches;
        }
        if (matches < 0 && cond == trueRef) {
            return terminal(update.apply(terminalValue(matches)));
        }
        long key = ((long) matches << 32) ^ (cond & 0xffffffffL);
        Integer m = memo.get(key);
        if (m != null) {
            return m;
        }
        int v = Math.min(var(matches), var(cond));
        int ml = var(matches) == v ? low(matches) : matches;
        int mh = var(matches) == v ? high(matches) : matches;
        int cl = var(cond) == v ? low(cond) : cond;
        int ch = var(cond) == v ? high(cond) : cond;
        int r = mk(v, addItem(ml, cl, update, memo), addItem(mh, ch, update, memo));
        memo.put(key, r);
        return r;
    }
}
