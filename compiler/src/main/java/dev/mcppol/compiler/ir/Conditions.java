package dev.mcppol.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Walks over a condition that every pass shares, each one visitor over {@link Condition}. */
public final class Conditions {
    private Conditions() {
    }

    /** Each atom in source order, with whether it sits under an odd number of {@code not}s. */
    public static void eachAtom(Condition c, BiConsumer<Condition.AtomCond, Boolean> visit) {
        c.accept(new Condition.Visitor<Void>() {
            private boolean negated;

            public Void constant(Condition.Const k) {
                return null;
            }

            public Void atom(Condition.AtomCond a) {
                visit.accept(a, negated);
                return null;
            }

            public Void not(Condition.Not n) {
                negated = !negated;
                n.operand().accept(this);
                negated = !negated;
                return null;
            }

            public Void and(Condition.And a) {
                a.parts().forEach(p -> p.accept(this));
                return null;
            }

            public Void or(Condition.Or o) {
                o.parts().forEach(p -> p.accept(this));
                return null;
            }
        });
    }

    /** The atoms in source order. */
    public static List<Condition.AtomCond> atoms(Condition c) {
        List<Condition.AtomCond> out = new ArrayList<>();
        eachAtom(c, (a, negated) -> out.add(a));
        return out;
    }

    /**
     * The condition with each atom replaced by what {@code atom} gives for it, and the constants that
     * leaves folded away: the result is a constant or holds none.
     */
    public static Condition substitute(Condition c, Function<Condition.AtomCond, Condition> atom) {
        return c.accept(new Condition.Visitor<Condition>() {
            public Condition constant(Condition.Const k) {
                return k;
            }

            public Condition atom(Condition.AtomCond a) {
                return atom.apply(a);
            }

            public Condition not(Condition.Not n) {
                Condition o = n.operand().accept(this);
                return o instanceof Condition.Const k ? new Condition.Const(!k.value()) : new Condition.Not(o);
            }

            public Condition and(Condition.And a) {
                return junction(a.parts(), false);
            }

            public Condition or(Condition.Or o) {
                return junction(o.parts(), true);
            }

            /** {@code and} ({@code absorbing} false) or {@code or} ({@code absorbing} true) of the parts. */
            private Condition junction(List<Condition> parts, boolean absorbing) {
                List<Condition> kept = new ArrayList<>();
                for (Condition p : parts) {
                    Condition s = p.accept(this);
                    if (!(s instanceof Condition.Const k)) {
                        kept.add(s);
                    } else if (k.value() == absorbing) {
                        return k;
                    }
                }
                return absorbing ? Condition.or(kept) : Condition.and(kept);
            }
        });
    }
}
