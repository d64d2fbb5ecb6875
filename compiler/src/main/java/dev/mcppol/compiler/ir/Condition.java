package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.model.Atom;
import java.util.List;

/** A rule's condition: a boolean formula over atoms. Immutable; passes build new values. */
public sealed interface Condition permits Condition.Const, Condition.AtomCond, Condition.Not, Condition.And,
        Condition.Or {

    Condition TRUE = new Const(true);
    Condition FALSE = new Const(false);

    record Const(boolean value) implements Condition {
    }

    record AtomCond(Atom atom, Span span) implements Condition {
    }

    record Not(Condition operand) implements Condition {
    }

    record And(List<Condition> parts) implements Condition {
        public And {
            parts = List.copyOf(parts);
        }
    }

    record Or(List<Condition> parts) implements Condition {
        public Or {
            parts = List.copyOf(parts);
        }
    }

    static Condition and(List<Condition> parts) {
        return parts.isEmpty() ? TRUE : parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    static Condition or(List<Condition> parts) {
        return parts.isEmpty() ? FALSE : parts.size() == 1 ? parts.get(0) : new Or(parts);
    }
}
