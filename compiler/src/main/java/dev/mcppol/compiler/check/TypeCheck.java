package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.TestOperator;
import dev.mcppol.runtime.model.ValueTest;
import dev.mcppol.runtime.json.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * E103: an operator applied to a value it can never hold for. At run time such a test is simply
 * false (DESIGN.md, values), which turns the rule into dead code or, under {@code not}, into a rule
 * that always fires; either way the author meant something else. Literal-only mistakes
 * ({@code a < "x"}) are found with or without schemas; the rest against the argument's JSON Schema type.
 */
public final class TypeCheck implements Check {

    private static final Set<String> STRING = Set.of("string");
    private static final Set<String> LENGTH = Set.of("integer");

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        for (Rule r : policy.rules()) {
            if (r.kind() == RuleKind.REQUIRE) {
                continue;
            }
            Conditions.eachAtom(r.when(), (a, negated) -> {
                if (a.atom() instanceof Atom.Check c) {
                    String problem = problem(r, c, schemas);
                    if (problem != null) {
                        diagnostics.error(DiagnosticKind.TYPE_MISMATCH, a.span(), problem, help(c.test()));
                    }
                }
            });
        }
    }

    private static String problem(Rule rule, Atom.Check c, Map<String, JsonNode> schemas) {
        String operand = c.operand().text();
        String literal = literalProblem(c.test());
        if (literal != null) {
            return literal;
        }
        if (c.operand() instanceof Operand.Session || c.operand() instanceof Operand.Identity) {
            return valueProblem(operand + " is a string", STRING, c.test());
        }
        Map<String, List<JsonNode>> shapes = OperandTypes.shapes(rule, c, schemas);
        String first = null;
        for (Map.Entry<String, List<JsonNode>> e : shapes.entrySet()) {
            Set<String> types = OperandTypes.types(e.getValue());
            if (types == null) {
                return null;
            }
            String in = " in tool '" + e.getKey() + "'";
            String path = dev.mcppol.runtime.model.Texts.path(Operand.argumentPath(c.operand()));
            String p;
            if (c.operand() instanceof Operand.Len) {
                p = Types.admitsAny(types, "string", "array", "object") ? valueProblem(operand + " is a number",
                        LENGTH, c.test()) : "len() measures strings, arrays and objects, but '" + path + "' is "
                        + Types.phrase(types) + in;
            } else {
                p = valueProblem("'" + path + "' is " + Types.phrase(types) + in, types, c.test());
            }
            // A glob rule is wrong only where every tool it covers disagrees with it.
            if (p == null) {
                return null;
            }
            first = first == null ? p : first;
        }
        return first;
    }

    /** Mistakes visible in the literal alone: orderings compare numbers. */
    static String literalProblem(ValueTest t) {
        if (t instanceof ValueTest.Cmp cmp && cmp.op().isOrdering() && !cmp.value().isNumber()) {
            return "'" + cmp.op().symbol() + "' compares numbers, but " + JsonValues.canonical(cmp.value()) + " is "
                    + Types.article(JsonValues.typeName(cmp.value())) + " " + JsonValues.typeName(cmp.value());
        }
        return null;
    }

    /**
     * Why a test can never hold on a value of these types; null when it can. The types an operator
     * applies to come from the operator table ({@link OperatorTypes}); what a test's literal adds is
     * said per kind of test.
     */
    static String valueProblem(String subject, Set<String> types, ValueTest t) {
        TestOperator op = TestOperator.of(t);
        List<String> wanted = OperatorTypes.of(op);
        if (!wanted.isEmpty() && wanted.stream().noneMatch(w -> Types.admits(types, w))) {
            return "'" + op.word() + "' applies to " + String.join(" and ", wanted.stream().map(w -> w + "s").toList())
                    + ", but " + subject;
        }
        return t.accept(new ValueTest.Visitor<String>() {
            public String cmp(ValueTest.Cmp cmp) {
                if (cmp.op().isOrdering()) {
                    return Types.admits(types, "number") ? null : "'" + cmp.op().symbol() + "' compares numbers, but "
                            + subject;
                }
                String lt = Types.of(cmp.value());
                if (cmp.value().isNull() || Types.admits(types, lt)) {
                    return null;
                }
                return subject + ", so " + cmp.op().symbol() + " " + JsonValues.canonical(cmp.value()) + " "
                        + (cmp.op() == CmpOp.EQ ? "never holds" : "always holds");
            }

            public String in(ValueTest.In in) {
                for (JsonNode v : in.values()) {
                    if (!v.isNull() && !Types.admits(types, Types.of(v))) {
                        return subject + ", so it is never " + JsonValues.canonical(v);
                    }
                }
                return null;
            }

            public String contains(ValueTest.Contains c) {
                if (Types.admits(types, "array")) {
                    return null;
                }
                return c.value().isString() ? null : "on a string 'contains' looks for a substring, but "
                        + JsonValues.canonical(c.value()) + " is not a string";
            }

            public String matches(ValueTest.Matches m) {
                return null;
            }

            public String prefix(ValueTest.Prefix p) {
                return null;
            }

            public String suffix(ValueTest.Suffix x) {
                return null;
            }

            public String under(ValueTest.Under u) {
                return null;
            }

            public String exists(ValueTest.Exists e) {
                return null;
            }
        });
    }

    static String help(ValueTest t) {
        TestOperator op = TestOperator.of(t);
        return switch (op) {
            case COMPARE -> t instanceof ValueTest.Cmp cmp && cmp.op().isOrdering()
                    ? "compare with a number, or test the length: len(x) " + cmp.op().symbol() + " 10" : TYPED_EQUALITY;
            case IN -> TYPED_EQUALITY;
            case MATCHES, STARTS_WITH, UNDER, ENDS_WITH, CONTAINS, EXISTS -> OperatorTypes.of(op).equals(List.of("string"))
                    ? "string tests never hold on other types; compare numbers with == != < <= > >= or in [...]"
                    : "at run time the test is false on a value of another type";
        };
    }

    private static final String TYPED_EQUALITY =
            "typed JSON equality: \"5\" and 5 differ; write the literal in the argument's type";
}
