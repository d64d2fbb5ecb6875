package dev.mcppol.compiler.imports;

import com.google.re2j.PatternSyntaxException;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.imports.PNode.PList;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Intercept's condition shape {@code {path, op, value}}, shared by Intercept's own schema and
 * PolicyLayer's {@code deny_if}. Each condition becomes the IR formula "the condition holds" with
 * Intercept's semantics: a missing path fails every operator but {@code exists} ({@code neq} and
 * {@code not_in} included), types must match, {@code regex} is unanchored and only sees strings.
 */
final class InterceptConditions {

    static final List<String> OPERATORS = List.of("eq", "neq", "in", "not_in", "lt", "lte", "gt", "gte", "regex",
            "contains", "exists");
    private static final Set<String> KEYS = Set.of("path", "op", "value");

    /** What a condition turned out to be. */
    sealed interface Parsed permits ArgCondition, StateCondition {
        Span span();
    }

    /** A condition on the call's arguments: {@code holds} is true exactly when Intercept's is. */
    record ArgCondition(Condition holds, String op, Span span) implements Parsed {
    }

    /** {@code state.TOOL.COUNTER op bound}: a counter's post-increment value compared to a bound. */
    record StateCondition(String tool, String counter, String op, BigDecimal bound, Span span, Span valueSpan)
            implements Parsed {
    }

    private final Nodes nodes;

    InterceptConditions(Nodes nodes) {
        this.nodes = nodes;
    }

    /** Null when the condition is invalid (each problem already reported). */
    Parsed parse(PNode node, boolean stateAllowed) {
        PMap m = nodes.map(node, "a condition");
        if (m == null) {
            return null;
        }
        nodes.onlyKeys(m, KEYS, "a condition");
        boolean ok = true;
        String path = null;
        if (m.get("path") == null) {
            nodes.error(DiagnosticKind.IMPORT_MISSING_KEY, m.span(), "the condition has no 'path'");
            ok = false;
        } else {
            path = nodes.string(m.get("path"), "'path'");
            ok &= path != null;
        }
        String op = null;
        if (m.get("op") == null) {
            nodes.error(DiagnosticKind.IMPORT_MISSING_KEY, m.span(), "the condition has no 'op'");
            ok = false;
        } else {
            op = nodes.string(m.get("op"), "'op'");
            if (op != null && !OPERATORS.contains(op)) {
                String near = dev.mcppol.runtime.model.Suggestions.closest(op, OPERATORS);
                nodes.error(DiagnosticKind.IMPORT_UNKNOWN_OPERATOR, m.get("op").span(), "unknown operator '" + op
                        + "'", near != null ? "did you mean '" + near + "'?" : "operators: " + String.join(", ",
                        OPERATORS));
                op = null;
            }
            ok &= op != null;
        }
        PNode value = m.get("value");
        if (value == null) {
            nodes.error(DiagnosticKind.IMPORT_MISSING_KEY, m.span(), "the condition has no 'value'");
            ok = false;
        }
        List<PathSeg> segs = null;
        String[] state = null;
        if (path != null) {
            Span ps = m.get("path").span();
            if (path.startsWith("args.")) {
                segs = argPath(path, ps);
            } else if (path.startsWith("state.")) {
                state = statePath(path, ps, stateAllowed);
            } else {
                nodes.error(DiagnosticKind.IMPORT_BAD_PATH, ps, "path '" + path + "' must start with 'args.'"
                        + (stateAllowed ? " or 'state.'" : ""), stateAllowed ? "args.NAME for an argument, "
                        + "state.TOOL.COUNTER or state._global.COUNTER for a counter" : "args.NAME for an argument");
            }
            ok &= segs != null || state != null;
        }
        if (op == null || value == null) {
            return null;
        }
        if (state != null) {
            return stateCondition(state, op, value, m.span());
        }
        Condition holds = holds(segs, op, value, m.span());
        return ok && holds != null ? new ArgCondition(holds, op, m.span()) : null;
    }

    private List<PathSeg> argPath(String path, Span span) {
        String[] parts = path.substring("args.".length()).split("\\.", -1);
        List<PathSeg> segs = new ArrayList<>();
        for (String p : parts) {
            if (p.isEmpty()) {
                nodes.error(DiagnosticKind.IMPORT_BAD_PATH, span, "path '" + path + "' has an empty segment");
                return null;
            }
            if (p.matches("[0-9]+")) {
                // Whether Intercept indexes lists by a numeric segment is not something we can know from
                // its schema; guessing wrong would flip `exists: false`, so refuse rather than guess.
                nodes.error(DiagnosticKind.IMPORT_BAD_PATH, span, "path '" + path + "' has the numeric segment '"
                        + p + "'", "mcppol cannot tell whether it names a key or a list index; write the rule in the "
                        + "mcppol language (items[0] or items[\"0\"])");
                return null;
            }
            segs.add(new PathSeg.Key(p));
        }
        return segs;
    }

    private String[] statePath(String path, Span span, boolean allowed) {
        if (!allowed) {
            nodes.error(DiagnosticKind.IMPORT_BAD_PATH, span, "path '" + path + "' must start with 'args.'",
                    "counters are declared with 'limits' here");
            return null;
        }
        String[] parts = path.split("\\.", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            nodes.error(DiagnosticKind.IMPORT_BAD_PATH, span, "state path '" + path
                    + "' must be state.TOOL.COUNTER or state._global.COUNTER");
            return null;
        }
        return new String[] {parts[1], parts[2]};
    }

    private Parsed stateCondition(String[] state, String op, PNode value, Span span) {
        if (!op.equals("lt") && !op.equals("lte")) {
            nodes.error(DiagnosticKind.IMPORT_BAD_STATE_CONDITION, span, "a counter condition must use 'lt' or 'lte', not '"
                    + op + "'", "mcppol enforces counters as limits: 'lte N' admits N per window, 'lt N' admits N - 1");
            return null;
        }
        if (!(value instanceof PScalar s) || !s.isNumber()) {
            nodes.error(DiagnosticKind.IMPORT_BAD_OPERAND, value.span(), "'" + op + "' needs a number, not "
                    + value.describe());
            return null;
        }
        if (s.number().signum() < 0) {
            nodes.error(DiagnosticKind.IMPORT_BAD_STATE_CONDITION, value.span(), "a counter bound must not be negative");
            return null;
        }
        return new StateCondition(state[0], state[1], op, s.number(), span, value.span());
    }

    /** "The condition holds", as Intercept evaluates it. */
    private Condition holds(List<PathSeg> segs, String op, PNode value, Span span) {
        JsonNode v;
        switch (op) {
            case "lt", "lte", "gt", "gte" -> {
                if (!(value instanceof PScalar s) || !s.isNumber()) {
                    nodes.error(DiagnosticKind.IMPORT_BAD_OPERAND, value.span(), "'" + op + "' needs a number, not "
                            + value.describe());
                    return null;
                }
                if (segs == null) {
                    return null;
                }
                CmpOp cmp = switch (op) {
                    case "lt" -> CmpOp.LT;
                    case "lte" -> CmpOp.LE;
                    case "gt" -> CmpOp.GT;
                    default -> CmpOp.GE;
                };
                return atom(segs, new ValueTest.Cmp(cmp, number(s.number())), span);
            }
            case "in", "not_in" -> {
                if (!(value instanceof PList l)) {
                    nodes.error(DiagnosticKind.IMPORT_BAD_OPERAND, value.span(), "'" + op + "' needs a list, not "
                            + value.describe());
                    return null;
                }
                List<JsonNode> values = new ArrayList<>();
                for (PNode item : l.items()) {
                    JsonNode j = json(item);
                    if (j == null) {
                        return null;
                    }
                    values.add(j);
                }
                if (segs == null) {
                    return null;
                }
                Condition in = atom(segs, new ValueTest.In(values), span);
                return op.equals("in") ? in : Condition.and(List.of(present(segs, span), new Condition.Not(in)));
            }
            case "regex" -> {
                if (!(value instanceof PScalar s) || !s.isString()) {
                    nodes.error(DiagnosticKind.IMPORT_BAD_OPERAND, value.span(), "'regex' needs a string, not "
                            + value.describe());
                    return null;
                }
                try {
                    dev.mcppol.runtime.model.Regexes.compile(s.text());
                } catch (PatternSyntaxException e) {
                    nodes.error(DiagnosticKind.INVALID_REGEX, value.span(), "invalid regular expression: "
                            + e.getDescription(), "RE2 syntax, as Intercept's Go regexp: no backreferences or lookaround");
                    return null;
                }
                return segs == null ? null : atom(segs, new ValueTest.Matches(s.text()), span);
            }
            case "exists" -> {
                if (!(value instanceof PScalar s) || s.kind() != PNode.ScalarKind.BOOLEAN) {
                    nodes.error(DiagnosticKind.IMPORT_BAD_OPERAND, value.span(), "'exists' needs true or false, not "
                            + value.describe());
                    return null;
                }
                if (segs == null) {
                    return null;
                }
                Condition exists = atom(segs, new ValueTest.Exists(), span);
                return s.text().equals("true") ? exists : new Condition.Not(exists);
            }
            case "contains" -> {
                v = json(value);
                if (v == null || segs == null) {
                    return null;
                }
                return atom(segs, new ValueTest.Contains(v), span);
            }
            default -> {
                v = json(value);
                if (v == null || segs == null) {
                    return null;
                }
                // IR `!=` is already false on a missing path, which is Intercept's neq.
                return atom(segs, new ValueTest.Cmp(op.equals("eq") ? CmpOp.EQ : CmpOp.NE, v), span);
            }
        }
    }

    /** The path is there, {@code null} included: IR {@code exists} is false for null, {@code == null} is not. */
    private static Condition present(List<PathSeg> segs, Span span) {
        return Condition.or(List.of(atom(segs, new ValueTest.Exists(), span), atom(segs, new ValueTest.Cmp(CmpOp.EQ,
                Json.NODES.nullNode()), span)));
    }

    private static Condition atom(List<PathSeg> segs, ValueTest test, Span span) {
        return new Condition.AtomCond(new Atom.Check(new Operand.Arg(segs), test), span);
    }

    /** A comparison value; mappings are refused (the policy language has no map literals). */
    private JsonNode json(PNode n) {
        if (n instanceof PScalar s) {
            return switch (s.kind()) {
                case STRING -> Json.NODES.stringNode(s.text());
                case INTEGER, DECIMAL -> number(s.number());
                case BOOLEAN -> Json.NODES.booleanNode(s.text().equals("true"));
                case NULL -> Json.NODES.nullNode();
            };
        }
        if (n instanceof PList l) {
            ArrayNode a = Json.NODES.arrayNode();
            for (PNode item : l.items()) {
                JsonNode j = json(item);
                if (j == null) {
                    return null;
                }
                a.add(j);
            }
            return a;
        }
        nodes.error(DiagnosticKind.IMPORT_BAD_OPERAND, n.span(), "a condition compares strings, numbers, booleans, "
                + "null and lists, not " + n.describe());
        return null;
    }

    static JsonNode number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0) {
            java.math.BigInteger i = s.toBigIntegerExact();
            return i.bitLength() < 63 ? Json.NODES.numberNode(i.longValue()) : Json.NODES.numberNode(i);
        }
        return Json.NODES.numberNode(s);
    }
}
