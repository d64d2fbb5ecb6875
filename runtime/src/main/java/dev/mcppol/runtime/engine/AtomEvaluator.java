package dev.mcppol.runtime.engine;

import com.google.re2j.Pattern;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.Test;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/** Evaluates the bundle's atoms on a call. Regexes are compiled once, when the bundle loads. */
final class AtomEvaluator {

    private final List<Atom> atoms;
    private final Pattern[] patterns;
    private final SchemaChecker schemas;

    AtomEvaluator(List<Atom> atoms, SchemaChecker schemas) {
        this.atoms = atoms;
        this.schemas = schemas;
        this.patterns = new Pattern[atoms.size()];
        for (int i = 0; i < atoms.size(); i++) {
            if (atoms.get(i) instanceof Atom.Check c && c.test() instanceof Test.Matches m) {
                patterns[i] = Pattern.compile(m.regex());
            }
        }
    }

    boolean evaluate(int index, Call call, EvaluationState state) {
        Atom atom = atoms.get(index);
        if (atom instanceof Atom.ToolName t) {
            return Globs.matches(t.glob(), call.tool());
        }
        if (atom instanceof Atom.Schema s) {
            String problem = schemas.problem(call, s.requiredOnly());
            if (problem != null) {
                state.schemaProblem = problem;
                return false;
            }
            return true;
        }
        Atom.Check check = (Atom.Check) atom;
        for (JsonNode value : operandValues(check.operand(), call)) {
            if (test(check.test(), value, patterns[index])) {
                return true;
            }
        }
        return false;
    }

    static List<JsonNode> operandValues(Operand operand, Call call) {
        if (operand instanceof Operand.Arg a) {
            return Values.resolve(call.arguments(), a.path());
        }
        if (operand instanceof Operand.Len l) {
            List<JsonNode> values = Values.resolve(call.arguments(), l.path());
            return values.stream().filter(v -> v.isString() || v.isArray() || v.isObject())
                    .map(v -> (JsonNode) IntNode.valueOf(v.isString()
                            ? v.stringValue().codePointCount(0, v.stringValue().length()) : v.size()))
                    .toList();
        }
        String ctx = operand instanceof Operand.Session ? call.session() : call.identity();
        return ctx == null ? List.of() : List.of(StringNode.valueOf(ctx));
    }

    static boolean test(Test test, JsonNode v, Pattern pattern) {
        if (test instanceof Test.Cmp c) {
            if (c.op() == CmpOp.EQ) {
                return JsonValues.equal(v, c.value());
            }
            if (c.op() == CmpOp.NE) {
                return !JsonValues.equal(v, c.value());
            }
            if (!v.isNumber() || !c.value().isNumber()) {
                return false;
            }
            int cmp = v.decimalValue().compareTo(c.value().decimalValue());
            return switch (c.op()) {
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
                default -> false;
            };
        }
        if (test instanceof Test.In in) {
            for (JsonNode x : in.values()) {
                if (JsonValues.equal(v, x)) {
                    return true;
                }
            }
            return false;
        }
        if (test instanceof Test.Matches) {
            return v.isString() && pattern.matcher(v.stringValue()).find();
        }
        if (test instanceof Test.Prefix p) {
            return v.isString() && v.stringValue().startsWith(p.prefix());
        }
        if (test instanceof Test.Suffix s) {
            return v.isString() && v.stringValue().endsWith(s.suffix());
        }
        if (test instanceof Test.Contains c) {
            if (v.isString()) {
                return c.value().isString() && v.stringValue().contains(c.value().stringValue());
            }
            if (v.isArray()) {
                for (JsonNode e : v) {
                    if (JsonValues.equal(e, c.value())) {
                        return true;
                    }
                }
            }
            return false;
        }
        return !v.isNull();
    }

    static BigDecimal number(JsonNode v) {
        return v != null && v.isNumber() ? v.decimalValue() : null;
    }
}
