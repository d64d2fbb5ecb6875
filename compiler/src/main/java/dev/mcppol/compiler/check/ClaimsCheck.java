package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import dev.mcppol.runtime.model.ValueTest;
import dev.mcppol.runtime.model.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The checks arguments get, for {@code claims.*}: against the JSON Schema the policy names with
 * {@code claims "FILE"}, each claim path must exist (E120, with a did-you-mean), each operator must
 * suit the claim's type (E121) and each literal its enum (E122); a limit counted {@code per claims.X}
 * needs X to be one value (E124), and warns when tokens may lack it (W121: they would share one
 * counter). A policy reading claims without a schema gets W120: a misspelt claim would fail silently.
 */
public final class ClaimsCheck {

    /** @param schema the claims schema (an object schema), or null when the policy names none */
    public void run(Policy policy, JsonNode schema, Diagnostics diagnostics) {
        List<Use> uses = uses(policy, schema);
        if (schema == null) {
            if (!uses.isEmpty()) {
                Use first = uses.get(0);
                diagnostics.error(DiagnosticKind.UNCHECKED_CLAIMS, first.span(), "the policy reads "
                        + first.text() + " but names no claims schema, so claim names and types are not checked",
                        "name one: claims \"claims.schema.json\" (a JSON Schema of the token's claims)");
            }
            return;
        }
        for (Use u : uses) {
            SchemaPath.Resolution r = SchemaPath.resolve(schema, u.path());
            if (r instanceof SchemaPath.Missing m) {
                diagnostics.error(DiagnosticKind.UNKNOWN_CLAIM, u.span(), missing(u.path(), m), help(u.path(), m));
            } else if (u.check() != null && r instanceof SchemaPath.Found f && !f.opaque()) {
                typeAndEnum(u, f.schemas(), diagnostics);
            } else if (u.limit() != null && r instanceof SchemaPath.Found f && !f.opaque()) {
                scope(u, schema, f.schemas(), diagnostics);
            }
        }
    }

    /** One place the policy reads a claim: in a condition ({@code check}) or as a limit's scope ({@code limit}). */
    private record Use(List<PathSeg> path, Atom.Check check, Operand.Claim operand, LimitDef limit, Span span,
                       JsonNode schemaRoot) {
        String text() {
            return "claims." + Texts.path(path);
        }
    }

    private static List<Use> uses(Policy policy, JsonNode schema) {
        List<Use> out = new ArrayList<>();
        for (Rule r : policy.rules()) {
            Conditions.eachAtom(r.when(), (Condition.AtomCond a, Boolean negated) -> {
                if (a.atom() instanceof Atom.Check c && c.operand() instanceof Operand.Claim claim) {
                    out.add(new Use(claim.path(), c, claim, null, a.span(), schema));
                }
            });
        }
        for (LimitDef l : policy.limits()) {
            if (l.spec().scope() == Scope.CLAIM) {
                out.add(new Use(l.spec().scopeClaim(), null, null, l, l.span(), schema));
            }
        }
        return out;
    }

    private static void typeAndEnum(Use u, List<JsonNode> alternatives, Diagnostics diagnostics) {
        Set<String> types = OperandTypes.types(alternatives);
        ValueTest test = u.check().test();
        String literal = TypeCheck.literalProblem(test);
        if (literal != null) {
            diagnostics.error(DiagnosticKind.CLAIM_TYPE_MISMATCH, u.span(), literal, TypeCheck.help(test));
            return;
        }
        if (types == null) {
            return;
        }
        String problem;
        if (u.operand().length()) {
            problem = Types.admitsAny(types, "string", "array", "object")
                    ? TypeCheck.valueProblem(u.operand().text() + " is a number", Set.of("integer"), test)
                    : "len() measures strings, arrays and objects, but '" + u.text() + "' is " + Types.phrase(types);
        } else {
            problem = TypeCheck.valueProblem("'" + u.text() + "' is " + Types.phrase(types) + " in the claims schema",
                    types, test);
        }
        if (problem != null) {
            diagnostics.error(DiagnosticKind.CLAIM_TYPE_MISMATCH, u.span(), problem, TypeCheck.help(test));
            return;
        }
        if (u.operand().length()) {
            return;
        }
        List<JsonNode> literals = EnumCheck.literals(test);
        List<JsonNode> allowed = literals.isEmpty() ? null : EnumCheck.allowed(alternatives);
        if (test instanceof ValueTest.Contains c && Types.admits(types, "array") && !Types.admits(types, "string")) {
            // groups contains "analystss": the elements' enum is what the literal must be one of.
            List<PathSeg> items = new ArrayList<>(u.path());
            items.add(new PathSeg.Any());
            literals = List.of(c.value());
            allowed = SchemaPath.resolve(u.schemaRoot(), items) instanceof SchemaPath.Found f && !f.opaque()
                    ? EnumCheck.allowed(f.schemas()) : null;
        }
        if (allowed == null) {
            return;
        }
        for (JsonNode lit : literals) {
            if (EnumCheck.comparable(lit, allowed) && allowed.stream().noneMatch(v -> JsonValues.equal(v, lit))) {
                List<String> names = new ArrayList<>();
                allowed.stream().filter(JsonNode::isString).forEach(v -> names.add(v.stringValue()));
                String near = lit.isString() ? Suggestions.closest(lit.stringValue(), names) : null;
                diagnostics.error(DiagnosticKind.CLAIM_OUTSIDE_ENUM, u.span(), JsonValues.canonical(lit)
                        + " is not one of the values '" + u.text() + "' may take in the claims schema",
                        near != null ? "did you mean \"" + near + "\"?" : "allowed: " + JsonValues.canonicalList(allowed));
                return;
            }
        }
    }

    private static void scope(Use u, JsonNode root, List<JsonNode> alternatives, Diagnostics diagnostics) {
        Set<String> types = OperandTypes.types(alternatives);
        if (types != null && Types.admitsAny(types, "array", "object") && !Types.admitsAny(types, "string", "number",
                "integer", "boolean")) {
            diagnostics.error(DiagnosticKind.CLAIM_SCOPE_NOT_SCALAR, u.span(), "limit " + u.limit().name()
                    + " counts per '" + u.text() + "', which is " + Types.phrase(types) + " in the claims schema",
                    "count per a claim that holds one value, such as a tenant or an organisation id");
            return;
        }
        if (!SchemaPath.requiredPath(root, u.path())) {
            diagnostics.error(DiagnosticKind.CLAIM_SCOPE_MAY_BE_ABSENT, u.span(), "limit " + u.limit().name()
                    + " counts per '" + u.text() + "', which the claims schema does not require: calls whose token"
                    + " lacks it share one anonymous counter", "list it in the schema's required, or deny calls"
                    + " without it (deny when not " + u.text() + " exists)");
        }
    }

    private static String missing(List<PathSeg> path, SchemaPath.Missing m) {
        String full = "claims." + Texts.path(path);
        if (m.parentIs() != null) {
            return "'claims." + Texts.path(path.subList(0, m.segment())) + "' is " + m.parentIs()
                    + " in the claims schema, so '" + full + "' never exists";
        }
        return "the claims schema declares no claim '" + full + "'";
    }

    private static String help(List<PathSeg> path, SchemaPath.Missing m) {
        if (m.parentIs() == null && path.get(m.segment()) instanceof PathSeg.Key k) {
            String near = Suggestions.closest(k.name(), m.known());
            if (near != null) {
                List<PathSeg> fixed = new ArrayList<>(path.subList(0, m.segment() + 1));
                fixed.set(m.segment(), new PathSeg.Key(near));
                return "did you mean 'claims." + Texts.path(fixed) + "'?";
            }
            return m.known().isEmpty() ? null : "declared there: " + String.join(", ", m.known());
        }
        return null;
    }
}
