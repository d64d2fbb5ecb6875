package dev.mcppol.compiler.check;

import dev.mcppol.compiler.ir.Condition;
import java.util.function.BiConsumer;

/** Walks the atoms of a condition, telling whether each sits under an odd number of {@code not}s. */
final class Atoms {
    private Atoms() {
    }

    static void each(Condition c, BiConsumer<Condition.AtomCond, Boolean> visit) {
        walk(c, false, visit);
    }

    private static void walk(Condition c, boolean negated, BiConsumer<Condition.AtomCond, Boolean> visit) {
        if (c instanceof Condition.AtomCond a) {
            visit.accept(a, negated);
        } else if (c instanceof Condition.Not n) {
            walk(n.operand(), !negated, visit);
        } else if (c instanceof Condition.And a) {
            a.parts().forEach(p -> walk(p, negated, visit));
        } else if (c instanceof Condition.Or o) {
            o.parts().forEach(p -> walk(p, negated, visit));
        }
    }
}
