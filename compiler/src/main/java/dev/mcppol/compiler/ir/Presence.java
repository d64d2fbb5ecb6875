package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.Test;
import java.util.List;

/**
 * "The operand has a value" ({@code exists or == null}): the guard that makes {@code a not in [..]}
 * false on a missing argument, like {@code !=}, instead of the plain negation's true. An allow rule
 * {@code allow when n not in [1, 2]} must not admit a call without {@code n} (fail closed).
 */
public final class Presence {
    private Presence() {
    }

    public static Condition of(Operand operand, Span span) {
        return Condition.or(List.of(new Condition.AtomCond(new Atom.Check(operand, new Test.Exists()), span),
                new Condition.AtomCond(new Atom.Check(operand, new Test.Cmp(CmpOp.EQ, Json.NODES.nullNode())), span)));
    }

    /** {@code operand not in values}: present, and in none of them. */
    public static Condition notIn(Condition.AtomCond in, Operand operand, Span span) {
        return Condition.and(List.of(of(operand, span), new Condition.Not(in)));
    }

    /** True when {@code c} is the presence guard of {@code operand} (as {@link #of} builds it). */
    public static boolean isGuard(Condition c, Operand operand) {
        if (!(c instanceof Condition.Or or) || or.parts().size() != 2) {
            return false;
        }
        return or.parts().get(0) instanceof Condition.AtomCond a && a.atom() instanceof Atom.Check e
                && e.operand().equals(operand) && e.test() instanceof Test.Exists
                && or.parts().get(1) instanceof Condition.AtomCond b && b.atom() instanceof Atom.Check n
                && n.operand().equals(operand) && n.test() instanceof Test.Cmp cmp && cmp.op() == CmpOp.EQ
                && cmp.value().isNull();
    }

    /** True when {@code atom} sits under a {@code not} right beside its own presence guard in a conjunction. */
    public static boolean guarded(Condition root, Condition.AtomCond atom) {
        if (root instanceof Condition.And and) {
            boolean negatedHere = false;
            boolean guardHere = false;
            Operand operand = ((Atom.Check) atom.atom()).operand();
            for (Condition p : and.parts()) {
                negatedHere |= p instanceof Condition.Not n && n.operand() == atom;
                guardHere |= isGuard(p, operand);
            }
            if (negatedHere && guardHere) {
                return true;
            }
            return and.parts().stream().anyMatch(p -> guarded(p, atom));
        }
        if (root instanceof Condition.Or or) {
            return or.parts().stream().anyMatch(p -> guarded(p, atom));
        }
        return root instanceof Condition.Not n && guarded(n.operand(), atom);
    }
}
