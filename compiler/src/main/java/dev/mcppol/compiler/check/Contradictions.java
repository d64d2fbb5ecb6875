package dev.mcppol.compiler.check;

import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds conditions that can never hold because of what their atoms mean, which the decision
 * diagram (atoms as independent variables) cannot see: {@code a < 1 and a > 2}, {@code a == 1 and
 * a == 2}. The condition goes to disjunctive normal form (bounded); each conjunction keeps an interval
 * and an equality per operand. Negated atoms are left out, which only ever makes a term easier to
 * satisfy, so a contradiction found is real. An operand through {@code [*]} is left out too: each
 * test may read another element.
 */
final class Contradictions {

    /** Two atoms that exclude each other; {@code first} is null when the condition is the constant false. */
    record Conflict(Condition.AtomCond first, Condition.AtomCond second) {
    }

    /** Past this many conjunctions the normal form is not built and the condition is assumed satisfiable. */
    private static final int MAX_TERMS = 256;

    private Contradictions() {
    }

    /** The conflict of the first conjunction when every conjunction has one, else null. */
    static Conflict find(Condition c) {
        List<List<Condition.AtomCond>> terms = dnf(c);
        if (terms == null) {
            return null;
        }
        if (terms.isEmpty()) {
            return new Conflict(null, null);
        }
        Conflict first = null;
        for (List<Condition.AtomCond> term : terms) {
            Conflict k = conflict(term);
            if (k == null) {
                return null;
            }
            first = first == null ? k : first;
        }
        return first;
    }

    private static List<List<Condition.AtomCond>> dnf(Condition c) {
        return c.accept(DNF);
    }

    /** Disjunctive normal form, or null when it has more than {@link #MAX_TERMS} terms. */
    private static final Condition.Visitor<List<List<Condition.AtomCond>>> DNF = new Condition.Visitor<>() {
        public List<List<Condition.AtomCond>> constant(Condition.Const k) {
            return k.value() ? List.of(List.of()) : List.of();
        }

        public List<List<Condition.AtomCond>> atom(Condition.AtomCond a) {
            return List.of(List.of(a));
        }

        public List<List<Condition.AtomCond>> not(Condition.Not n) {
            return n.operand() instanceof Condition.Const k ? dnf(new Condition.Const(!k.value())) : List.of(List.of());
        }

        public List<List<Condition.AtomCond>> or(Condition.Or o) {
            List<List<Condition.AtomCond>> out = new ArrayList<>();
            for (Condition p : o.parts()) {
                List<List<Condition.AtomCond>> d = dnf(p);
                if (d == null || out.size() + d.size() > MAX_TERMS) {
                    return null;
                }
                out.addAll(d);
            }
            return out;
        }

        public List<List<Condition.AtomCond>> and(Condition.And a) {
            List<List<Condition.AtomCond>> acc = List.of(List.of());
            for (Condition p : a.parts()) {
                List<List<Condition.AtomCond>> d = dnf(p);
                if (d == null || (long) acc.size() * d.size() > MAX_TERMS) {
                    return null;
                }
                List<List<Condition.AtomCond>> next = new ArrayList<>();
                for (List<Condition.AtomCond> x : acc) {
                    for (List<Condition.AtomCond> y : d) {
                        List<Condition.AtomCond> t = new ArrayList<>(x);
                        t.addAll(y);
                        next.add(t);
                    }
                }
                acc = next;
            }
            return acc;
        }
    };

    /** What one conjunction knows about one operand. */
    private static final class Bounds {
        BigDecimal lo;
        boolean loInclusive;
        Condition.AtomCond loAt;
        BigDecimal hi;
        boolean hiInclusive;
        Condition.AtomCond hiAt;
        JsonNode eq;
        Condition.AtomCond eqAt;
    }

    private static Conflict conflict(List<Condition.AtomCond> term) {
        Map<String, Bounds> byOperand = new HashMap<>();
        for (Condition.AtomCond a : term) {
            if (!(a.atom() instanceof Atom.Check c) || !(c.test() instanceof ValueTest.Cmp cmp) || cmp.op() == CmpOp.NE
                    || !singleValued(c.operand())) {
                continue;
            }
            Bounds b = byOperand.computeIfAbsent(c.operand().text(), k -> new Bounds());
            JsonNode v = cmp.value();
            if (cmp.op() == CmpOp.EQ) {
                if (b.eq != null && !JsonValues.equal(b.eq, v)) {
                    return new Conflict(b.eqAt, a);
                }
                b.eq = v;
                b.eqAt = a;
            } else if (v.isNumber()) {
                BigDecimal n = v.decimalValue();
                boolean inclusive = cmp.op() == CmpOp.LE || cmp.op() == CmpOp.GE;
                if (cmp.op() == CmpOp.GT || cmp.op() == CmpOp.GE) {
                    int c2 = b.lo == null ? 1 : n.compareTo(b.lo);
                    if (c2 > 0 || (c2 == 0 && !inclusive)) {
                        b.lo = n;
                        b.loInclusive = inclusive;
                        b.loAt = a;
                    }
                } else {
                    int c2 = b.hi == null ? -1 : n.compareTo(b.hi);
                    if (c2 < 0 || (c2 == 0 && !inclusive)) {
                        b.hi = n;
                        b.hiInclusive = inclusive;
                        b.hiAt = a;
                    }
                }
            } else {
                continue;
            }
            Conflict k = check(b, a);
            if (k != null) {
                return k;
            }
        }
        return null;
    }

    /**
     * Whether every test of this operand reads one and the same value: {@code tags[*] == "a" and
     * tags[*] == "b"} holds for {@code ["a","b"]}, since each test may pick its own element.
     */
    private static boolean singleValued(Operand o) {
        return !Operand.readsMany(o); // claims.groups[*] reads many values, as args.items[*] does
    }

    private static Conflict check(Bounds b, Condition.AtomCond current) {
        if (b.lo != null && b.hi != null) {
            int c = b.lo.compareTo(b.hi);
            if (c > 0 || (c == 0 && !(b.loInclusive && b.hiInclusive))) {
                return new Conflict(b.loAt == current ? b.hiAt : b.loAt, current);
            }
        }
        if (b.eq != null && (b.lo != null || b.hi != null)) {
            if (!b.eq.isNumber()) {
                // Orderings hold for numbers only.
                return new Conflict(b.eqAt == current ? (b.lo != null ? b.loAt : b.hiAt) : b.eqAt, current);
            }
            BigDecimal v = b.eq.decimalValue();
            if (b.lo != null && (v.compareTo(b.lo) < 0 || (v.compareTo(b.lo) == 0 && !b.loInclusive))) {
                return new Conflict(b.eqAt == current ? b.loAt : b.eqAt, current);
            }
            if (b.hi != null && (v.compareTo(b.hi) > 0 || (v.compareTo(b.hi) == 0 && !b.hiInclusive))) {
                return new Conflict(b.eqAt == current ? b.hiAt : b.eqAt, current);
            }
        }
        return null;
    }
}
