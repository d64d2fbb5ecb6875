package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.model.Atom;
import java.util.List;

/** A rule's condition: a boolean formula over atoms. Immutable; passes build new values. */
public sealed interface Condition permits Condition.Const, Condition.AtomCond, Condition.Not, Condition.And,
        Condition.Or {

    /** Dispatch to the visitor's method for this variant. */
    <R> R accept(Visitor<R> v);

    /**
     * What to do with each kind of condition. One method per variant: a new variant is a compile error in every
     * visitor until it is handled there, where an {@code instanceof} chain would silently take it for
     * its last case.
     */
    interface Visitor<R> {
        R constant(Const t);
        R atom(AtomCond t);
        R not(Not t);
        R and(And t);
        R or(Or t);
    }

    Condition TRUE = new Const(true);
    Condition FALSE = new Const(false);

    record Const(boolean value) implements Condition {
        public <R> R accept(Visitor<R> v) {
            return v.constant(this);
        }

    }

    record AtomCond(Atom atom, Span span) implements Condition {
        public <R> R accept(Visitor<R> v) {
            return v.atom(this);
        }

    }

    record Not(Condition operand) implements Condition {
        public <R> R accept(Visitor<R> v) {
            return v.not(this);
        }

    }

    record And(List<Condition> parts) implements Condition {
        public <R> R accept(Visitor<R> v) {
            return v.and(this);
        }

        public And {
            parts = List.copyOf(parts);
        }
    }

    record Or(List<Condition> parts) implements Condition {
        public <R> R accept(Visitor<R> v) {
            return v.or(this);
        }

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
