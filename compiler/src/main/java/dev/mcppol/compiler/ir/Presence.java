package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.ValueTest;
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
        return Condition.or(List.of(new Condition.AtomCond(new Atom.Check(operand, new ValueTest.Exists()), span),
                new Condition.AtomCond(new Atom.Check(operand, new ValueTest.Cmp(CmpOp.EQ, Json.NODES.nullNode())), span)));
    }

    /** {@code operand not in values}: present, and in none of them. */
    public static Condition notIn(Condition.AtomCond in, Operand operand, Span span) {
        return Condition.and(List.of(of(operand, span), new Condition.Not(in)));
    }
}
