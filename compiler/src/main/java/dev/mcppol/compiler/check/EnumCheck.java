package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.ValueTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * E104: a literal compared with an argument whose schema enumerates its values ({@code enum},
 * {@code const}) is one of them. {@code location == "Chikago"} can never hold; the rule is dead.
 */
public final class EnumCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        for (Rule r : policy.rules()) {
            if (r.kind() == RuleKind.REQUIRE) {
                continue;
            }
            Conditions.eachAtom(r.when(), (a, negated) -> {
                if (a.atom() instanceof Atom.Check c && c.operand() instanceof Operand.Arg) {
                    List<JsonNode> literals = literals(c.test());
                    if (!literals.isEmpty()) {
                        check(r, c, literals, schemas, a, diagnostics);
                    }
                }
            });
        }
    }

    private static void check(Rule r, Atom.Check c, List<JsonNode> literals, Map<String, JsonNode> schemas,
                              dev.mcppol.compiler.ir.Condition.AtomCond at, Diagnostics diagnostics) {
        Map<String, List<JsonNode>> shapes = OperandTypes.shapes(r, c, schemas);
        List<JsonNode> outside = null;
        List<JsonNode> allowedFirst = null;
        String toolFirst = null;
        for (Map.Entry<String, List<JsonNode>> e : shapes.entrySet()) {
            List<JsonNode> allowed = allowed(e.getValue());
            if (allowed == null) {
                return;
            }
            List<JsonNode> bad = new ArrayList<>();
            for (JsonNode lit : literals) {
                if (comparable(lit, allowed) && allowed.stream().noneMatch(v -> JsonValues.equal(v, lit))) {
                    bad.add(lit);
                }
            }
            // Under a glob, a value is wrong only if it is outside the enum of every tool covered.
            if (bad.isEmpty()) {
                return;
            }
            if (outside == null) {
                outside = bad;
                allowedFirst = allowed;
                toolFirst = e.getKey();
            }
        }
        if (outside == null) {
            return;
        }
        String path = c.operand().text();
        JsonNode first = outside.get(0);
        String message = JsonValues.canonical(first) + " is not one of the values '" + path + "' may take in tool '"
                + toolFirst + "'";
        List<String> names = new ArrayList<>();
        for (JsonNode v : allowedFirst) {
            if (v.isString()) {
                names.add(v.stringValue());
            }
        }
        String near = first.isString() ? Suggestions.closest(first.stringValue(), names) : null;
        String help = near != null ? "did you mean \"" + near + "\"?" : "allowed: "
                + JsonValues.canonicalList(allowedFirst);
        diagnostics.error(DiagnosticKind.OUTSIDE_ENUM, at.span(), message, help);
    }

    /** The values a test compares its operand with for equality; none for any other test. */
    static List<JsonNode> literals(ValueTest t) {
        return t.accept(LITERALS);
    }

    private static final ValueTest.Visitor<List<JsonNode>> LITERALS = new ValueTest.Visitor<>() {
        public List<JsonNode> cmp(ValueTest.Cmp cmp) {
            return cmp.op().isOrdering() ? List.of() : List.of(cmp.value());
        }

        public List<JsonNode> in(ValueTest.In in) {
            return in.values();
        }

        public List<JsonNode> matches(ValueTest.Matches t) {
            return List.of();
        }

        public List<JsonNode> prefix(ValueTest.Prefix t) {
            return List.of();
        }

        public List<JsonNode> suffix(ValueTest.Suffix t) {
            return List.of();
        }

        /** An element or a substring, not the value itself. */
        public List<JsonNode> contains(ValueTest.Contains t) {
            return List.of();
        }

        public List<JsonNode> exists(ValueTest.Exists t) {
            return List.of();
        }

        public List<JsonNode> under(ValueTest.Under t) {
            return List.of();
        }
    };

    /** The values every alternative enumerates together; null when one of them admits more. */
    static List<JsonNode> allowed(List<JsonNode> alternatives) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : alternatives) {
            List<JsonNode> e = SchemaPath.enumerated(s);
            if (e == null) {
                return null;
            }
            out.addAll(e);
        }
        return out;
    }

    /** A literal of a type none of the values has is a type error (E103), not reported twice. */
    static boolean comparable(JsonNode lit, List<JsonNode> allowed) {
        String t = Types.of(lit);
        return allowed.stream().anyMatch(v -> {
            String vt = Types.of(v);
            return vt.equals(t) || (v.isNumber() && lit.isNumber());
        });
    }
}
