package dev.mcppol.runtime.engine;

import com.google.re2j.Pattern;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Test;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An atom's test, prepared once per bundle: literals converted, regexes compiled. Numbers that fit
 * a {@code long} are compared as longs, so the common call allocates nothing.
 */
final class ValuePredicate implements Accessor.ValueTest {

    private final Test test;
    private final CmpOp op;
    private final JsonNode literal;
    private final boolean literalIsLong;
    private final long literalLong;
    private final BigDecimal literalDecimal;
    private final List<JsonNode> set;
    private final Pattern pattern;
    private final String text;

    ValuePredicate(Test test) {
        this.test = test;
        CmpOp o = null;
        JsonNode lit = null;
        List<JsonNode> s = null;
        Pattern p = null;
        String t = null;
        if (test instanceof Test.Cmp c) {
            o = c.op();
            lit = c.value();
        } else if (test instanceof Test.In in) {
            s = in.values();
        } else if (test instanceof Test.Matches m) {
            p = Pattern.compile(m.regex());
        } else if (test instanceof Test.Prefix pr) {
            t = pr.prefix();
        } else if (test instanceof Test.Suffix su) {
            t = su.suffix();
        } else if (test instanceof Test.Contains ct) {
            lit = ct.value();
        }
        this.op = o;
        this.literal = lit;
        this.set = s;
        this.pattern = p;
        this.text = t;
        this.literalIsLong = lit != null && lit.isIntegralNumber() && lit.canConvertToLong();
        this.literalLong = literalIsLong ? lit.longValue() : 0;
        this.literalDecimal = lit != null && lit.isNumber() ? lit.decimalValue() : null;
    }

    @Override
    public boolean test(JsonNode v) {
        if (test instanceof Test.Cmp) {
            return compare(v);
        }
        if (test instanceof Test.Exists) {
            return !v.isNull();
        }
        if (test instanceof Test.Prefix) {
            return v.isString() && v.stringValue().startsWith(text);
        }
        if (test instanceof Test.Suffix) {
            return v.isString() && v.stringValue().endsWith(text);
        }
        if (test instanceof Test.Matches) {
            return v.isString() && pattern.matcher(v.stringValue()).find();
        }
        if (test instanceof Test.In) {
            for (JsonNode x : set) {
                if (JsonValues.equal(v, x)) {
                    return true;
                }
            }
            return false;
        }
        // Contains: a substring of a string, or an element of an array.
        if (v.isString()) {
            return literal.isString() && v.stringValue().contains(literal.stringValue());
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (JsonValues.equal(e, literal)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The test on a number computed by the engine (a length), without boxing it in a node. */
    boolean testLength(long n) {
        if (test instanceof Test.Cmp) {
            if (literalIsLong) {
                return holds(Long.compare(n, literalLong));
            }
            if (literalDecimal == null) {
                return op == CmpOp.NE;
            }
            return holds(BigDecimal.valueOf(n).compareTo(literalDecimal));
        }
        if (test instanceof Test.Exists) {
            return true;
        }
        return test(dev.mcppol.runtime.json.Json.NODES.numberNode(n));
    }

    private boolean compare(JsonNode v) {
        if (v.isNumber() && literalDecimal != null) {
            int cmp = literalIsLong && v.isIntegralNumber() && v.canConvertToLong()
                    ? Long.compare(v.longValue(), literalLong) : v.decimalValue().compareTo(literalDecimal);
            return holds(cmp);
        }
        if (op == CmpOp.EQ) {
            return JsonValues.equal(v, literal);
        }
        if (op == CmpOp.NE) {
            return !JsonValues.equal(v, literal);
        }
        return false;
    }

    private boolean holds(int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            default -> cmp >= 0;
        };
    }
}
