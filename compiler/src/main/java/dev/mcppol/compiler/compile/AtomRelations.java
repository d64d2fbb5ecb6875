package dev.mcppol.compiler.compile;

import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.json.NumberReading;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What one atom's value says about another's when both test the same single value: {@code a < 3}
 * true makes {@code a < 5} true and {@code a > 7} false. Every atom is false when its value is
 * missing, so {@code a < 5} false says nothing about {@code a > 7} (the value may be absent) but does
 * make {@code a < 3} false. Only sound conclusions are drawn; anything unsure is "unknown".
 */
public final class AtomRelations {

    /** The set of values for which an atom holds, in a form whose inclusions we can decide. */
    private sealed interface ValueSet permits Interval, Finite, Prefix, Suffix, NonNull {
    }

    /** Numbers between two bounds (null: unbounded). */
    private record Interval(BigDecimal low, boolean lowOpen, BigDecimal high, boolean highOpen) implements ValueSet {
        boolean contains(BigDecimal x) {
            if (low != null) {
                int c = x.compareTo(low);
                if (c < 0 || (c == 0 && lowOpen)) {
                    return false;
                }
            }
            if (high != null) {
                int c = x.compareTo(high);
                return c < 0 || (c == 0 && !highOpen);
            }
            return true;
        }
    }

    private record Finite(List<JsonNode> values) implements ValueSet {
    }

    private record Prefix(String prefix) implements ValueSet {
    }

    private record Suffix(String suffix) implements ValueSet {
    }

    private record NonNull() implements ValueSet {
    }

    /**
     * Per number reading ({@link NumberReading#ALL}, exact first), each atom's value set with its
     * literal read that way. The engine takes a call's decision again under every reading, through the
     * same diagram: a relation used to simplify it must hold under each ({@code a == 7} and
     * {@code a in [6.9999999999999999999]} exclude each other exactly, not as doubles).
     */
    private final ValueSet[][] sets;
    private final int[] group;

    public AtomRelations(List<Atom> atoms) {
        sets = new ValueSet[NumberReading.ALL.length][atoms.size()];
        group = new int[atoms.size()];
        Map<String, Integer> groups = new HashMap<>();
        for (int i = 0; i < atoms.size(); i++) {
            group[i] = -1;
            if (atoms.get(i) instanceof Atom.Check c && singleValued(c.operand())) {
                for (NumberReading r : NumberReading.ALL) {
                    sets[r.ordinal()][i] = valueSet(c.test(), r);
                }
                if (sets[NumberReading.EXACT.ordinal()][i] != null) {
                    group[i] = groups.computeIfAbsent(c.operand().text(), k -> groups.size());
                }
            }
        }
    }

    /** The operand group of an atom (atoms testing the same single value), or -1. */
    public int group(int atom) {
        return group[atom];
    }

    /** The value {@code b} must have when {@code a} has {@code aValue}, or null when it is not forced. */
    public Boolean implied(int a, boolean aValue, int b) {
        if (group[a] < 0 || group[a] != group[b]) {
            return null;
        }
        Boolean exact = implied(sets[0][a], aValue, sets[0][b]);
        for (int r = 1; exact != null && r < sets.length; r++) {
            if (!exact.equals(implied(sets[r][a], aValue, sets[r][b]))) {
                return null;
            }
        }
        return exact;
    }

    private static Boolean implied(ValueSet a, boolean aValue, ValueSet b) {
        if (aValue) {
            if (subset(a, b)) {
                return Boolean.TRUE;
            }
            if (disjoint(a, b)) {
                return Boolean.FALSE;
            }
            return null;
        }
        return subset(b, a) ? Boolean.FALSE : null;
    }

    private static boolean singleValued(Operand o) {
        return !Operand.readsMany(o); // claims.groups[*] reads many values, as args.items[*] does
    }

    /** The values for which the test holds, its literal read as {@code r} reads it (as the engine's readings do). */
    private static ValueSet valueSet(ValueTest t, NumberReading r) {
        return t.accept(new ValueSets(r));
    }

    /** A test's set of values; null for a test whose set is none of these (unrelated to every other). */
    private record ValueSets(NumberReading r) implements ValueTest.Visitor<ValueSet> {
        public ValueSet cmp(ValueTest.Cmp c) {
            if (c.value().isNumber()) {
                BigDecimal v = r.read(c.value().decimalValue());
                return switch (c.op()) {
                    case LT -> new Interval(null, false, v, true);
                    case LE -> new Interval(null, false, v, false);
                    case GT -> new Interval(v, true, null, false);
                    case GE -> new Interval(v, false, null, false);
                    case EQ -> new Interval(v, false, v, false);
                    case NE -> null;
                };
            }
            return c.op() == CmpOp.EQ ? new Finite(List.of(r.read(c.value()))) : null;
        }

        public ValueSet in(ValueTest.In in) {
            List<JsonNode> values = new java.util.ArrayList<>(in.values().size());
            for (JsonNode v : in.values()) {
                values.add(r.read(v));
            }
            return new Finite(values);
        }

        public ValueSet prefix(ValueTest.Prefix p) {
            return new Prefix(p.prefix());
        }

        public ValueSet suffix(ValueTest.Suffix s) {
            return new Suffix(s.suffix());
        }

        public ValueSet exists(ValueTest.Exists e) {
            return new NonNull();
        }

        public ValueSet matches(ValueTest.Matches m) {
            return null;
        }

        public ValueSet contains(ValueTest.Contains c) {
            return null;
        }

        public ValueSet under(ValueTest.Under u) {
            return null;
        }
    }

    private static boolean member(JsonNode v, ValueSet s) {
        if (s instanceof Interval i) {
            return v.isNumber() && i.contains(v.decimalValue());
        }
        if (s instanceof Finite f) {
            return f.values().stream().anyMatch(x -> JsonValues.equal(v, x));
        }
        if (s instanceof Prefix p) {
            return v.isString() && v.stringValue().startsWith(p.prefix());
        }
        if (s instanceof Suffix x) {
            return v.isString() && v.stringValue().endsWith(x.suffix());
        }
        return !v.isNull();
    }

    /** True only when every value of {@code x} is surely in {@code y}. */
    private static boolean subset(ValueSet x, ValueSet y) {
        if (x instanceof Finite f) {
            return f.values().stream().allMatch(v -> member(v, y));
        }
        if (y instanceof NonNull) {
            return !(x instanceof Finite);
        }
        if (x instanceof Interval a && y instanceof Interval b) {
            return lowWithin(a, b) && highWithin(a, b);
        }
        if (x instanceof Prefix a && y instanceof Prefix b) {
            return a.prefix().startsWith(b.prefix());
        }
        if (x instanceof Suffix a && y instanceof Suffix b) {
            return a.suffix().endsWith(b.suffix());
        }
        return false;
    }

    /** True only when no value is surely in both. */
    private static boolean disjoint(ValueSet x, ValueSet y) {
        if (x instanceof Finite f) {
            return f.values().stream().noneMatch(v -> member(v, y));
        }
        if (y instanceof Finite) {
            return disjoint(y, x);
        }
        if (x instanceof NonNull || y instanceof NonNull) {
            return false;
        }
        if (x instanceof Interval a && y instanceof Interval b) {
            return before(a, b) || before(b, a);
        }
        if (x instanceof Interval || y instanceof Interval) {
            return true;
        }
        if (x instanceof Prefix a && y instanceof Prefix b) {
            return !a.prefix().startsWith(b.prefix()) && !b.prefix().startsWith(a.prefix());
        }
        if (x instanceof Suffix a && y instanceof Suffix b) {
            return !a.suffix().endsWith(b.suffix()) && !b.suffix().endsWith(a.suffix());
        }
        return false;
    }

    private static boolean lowWithin(Interval a, Interval b) {
        if (b.low() == null) {
            return true;
        }
        if (a.low() == null) {
            return false;
        }
        int c = a.low().compareTo(b.low());
        return c > 0 || (c == 0 && (a.lowOpen() || !b.lowOpen()));
    }

    private static boolean highWithin(Interval a, Interval b) {
        if (b.high() == null) {
            return true;
        }
        if (a.high() == null) {
            return false;
        }
        int c = a.high().compareTo(b.high());
        return c < 0 || (c == 0 && (a.highOpen() || !b.highOpen()));
    }

    /** Every value of {@code a} lies below every value of {@code b}. */
    private static boolean before(Interval a, Interval b) {
        if (a.high() == null || b.low() == null) {
            return false;
        }
        int c = a.high().compareTo(b.low());
        return c < 0 || (c == 0 && (a.highOpen() || b.lowOpen()));
    }
}
