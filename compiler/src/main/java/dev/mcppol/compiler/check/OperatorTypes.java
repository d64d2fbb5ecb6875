package dev.mcppol.compiler.check;

import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.TestOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JSON types each row of the operator table ({@link TestOperator}) can hold on — a test on a
 * value of another type is always false, which {@link TypeCheck} reports as E103 — and so the
 * operators an editor offers after a value of known types. The switches cover the table: a new
 * operator does not compile until its types and spellings are said here.
 */
public final class OperatorTypes {
    private OperatorTypes() {
    }

    /** The types a test of {@code op} can hold on, in the order messages name them; empty when any type will do. */
    static List<String> of(TestOperator op) {
        return switch (op) {
            case COMPARE, IN, EXISTS -> List.of();
            case MATCHES, STARTS_WITH, UNDER, ENDS_WITH -> List.of("string");
            case CONTAINS -> List.of("string", "array");
        };
    }

    /**
     * Every operator, as a policy writes it, that can hold on a value of one of {@code types} (empty:
     * types unknown, every operator), in table order.
     */
    public static List<String> holdingOn(Set<String> types) {
        List<String> out = new ArrayList<>();
        for (TestOperator op : TestOperator.values()) {
            List<String> wanted = of(op);
            if (types.isEmpty() || wanted.isEmpty() || wanted.stream().anyMatch(w -> Types.admits(types, w))) {
                out.addAll(spellings(op, types));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> spellings(TestOperator op, Set<String> types) {
        return switch (op) {
            case COMPARE -> comparisons(types);
            case IN -> List.of(op.word(), "not " + op.word());
            case MATCHES, STARTS_WITH, UNDER, ENDS_WITH, CONTAINS, EXISTS -> List.of(op.word());
        };
    }

    /** Equality on any value; the orderings compare numbers. */
    private static List<String> comparisons(Set<String> types) {
        boolean numbers = types.isEmpty() || Types.admits(types, "number");
        List<String> out = new ArrayList<>();
        for (CmpOp c : CmpOp.values()) {
            if (!c.isOrdering() || numbers) {
                out.add(c.symbol());
            }
        }
        return out;
    }
}
