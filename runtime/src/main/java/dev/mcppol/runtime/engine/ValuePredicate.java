package dev.mcppol.runtime.engine;

import com.google.re2j.Pattern;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An atom's test, prepared once per bundle: the kind of test as an opcode, literals converted,
 * regexes compiled, string sets hashed. Numbers that fit a {@code long} are compared as longs, so
 * the common call allocates nothing.
 */
final class ValuePredicate implements Accessor.ValueTest {

    private static final int CMP = 0;
    private static final int EXISTS = 1;
    private static final int PREFIX = 2;
    private static final int SUFFIX = 3;
    private static final int MATCHES = 4;
    private static final int IN = 5;
    private static final int CONTAINS = 6;
    private static final int UNDER = 7;

    private final int opcode;
    private final CmpOp op;
    private final JsonNode literal;
    private final boolean literalIsLong;
    private final long literalLong;
    private final BigDecimal literalDecimal;
    /** For {@code in}: the string members hashed, the other members in an array. */
    private final Set<String> stringMembers;
    private final JsonNode[] otherMembers;
    private final Pattern pattern;
    private final String text;

    /** What a test is prepared into: its opcode and the operands that opcode reads. */
    private record Parts(int code, CmpOp op, JsonNode literal, Set<String> strings, JsonNode[] others, Pattern pattern,
                         String text) {
        static Parts of(int code) {
            return new Parts(code, null, null, null, null, null, null);
        }
    }

    private static final ValueTest.Visitor<Parts> PREPARE = new ValueTest.Visitor<>() {
        public Parts cmp(ValueTest.Cmp c) {
            return new Parts(CMP, c.op(), c.value(), null, null, null, null);
        }

        public Parts in(ValueTest.In in) {
            Set<String> strings = new HashSet<>();
            List<JsonNode> rest = new ArrayList<>();
            for (JsonNode v : in.values()) {
                if (v.isString()) {
                    strings.add(v.stringValue());
                } else {
                    rest.add(v);
                }
            }
            return new Parts(IN, null, null, strings, rest.toArray(new JsonNode[0]), null, null);
        }

        public Parts matches(ValueTest.Matches m) {
            return new Parts(MATCHES, null, null, null, null, dev.mcppol.runtime.model.Regexes.compile(m.regex()), null);
        }

        public Parts prefix(ValueTest.Prefix pr) {
            return new Parts(PREFIX, null, null, null, null, null, pr.prefix());
        }

        public Parts suffix(ValueTest.Suffix su) {
            return new Parts(SUFFIX, null, null, null, null, null, su.suffix());
        }

        public Parts contains(ValueTest.Contains ct) {
            return new Parts(CONTAINS, null, ct.value(), null, null, null, null);
        }

        public Parts exists(ValueTest.Exists e) {
            return Parts.of(EXISTS);
        }

        public Parts under(ValueTest.Under u) {
            return new Parts(UNDER, null, null, null, null, null, u.base());
        }
    };

    ValuePredicate(ValueTest test) {
        Parts parts = test.accept(PREPARE);
        this.opcode = parts.code();
        this.op = parts.op();
        this.literal = parts.literal();
        this.stringMembers = parts.strings();
        this.otherMembers = parts.others();
        this.pattern = parts.pattern();
        this.text = parts.text();
        this.literalIsLong = literal != null && literal.isIntegralNumber() && literal.canConvertToLong();
        this.literalLong = literalIsLong ? literal.longValue() : 0;
        this.literalDecimal = literal != null && literal.isNumber() ? literal.decimalValue() : null;
    }

    @Override
    public boolean test(JsonNode v) {
        switch (opcode) {
            case CMP:
                return compare(v);
            case EXISTS:
                return !v.isNull();
            case PREFIX:
                return v.isString() && v.stringValue().startsWith(text);
            case SUFFIX:
                return v.isString() && v.stringValue().endsWith(text);
            case MATCHES:
                return v.isString() && pattern.matcher(v.stringValue()).find();
            case UNDER:
                return v.isString() && dev.mcppol.runtime.model.Paths.under(v.stringValue(), text);
            case IN:
                if (v.isString()) {
                    return stringMembers.contains(v.stringValue());
                }
                for (JsonNode x : otherMembers) {
                    if (JsonValues.equal(v, x)) {
                        return true;
                    }
                }
                return false;
            default:
                return contains(v);
        }
    }

    /** The test on a context value (session, identity), without wrapping it in a node. */
    boolean testString(String s) {
        switch (opcode) {
            case CMP:
                if (op == CmpOp.EQ) {
                    return literal.isString() && literal.stringValue().equals(s);
                }
                if (op == CmpOp.NE) {
                    return !literal.isString() || !literal.stringValue().equals(s);
                }
                return false;
            case EXISTS:
                return true;
            case PREFIX:
                return s.startsWith(text);
            case SUFFIX:
                return s.endsWith(text);
            case MATCHES:
                return pattern.matcher(s).find();
            case UNDER:
                return dev.mcppol.runtime.model.Paths.under(s, text);
            case IN:
                return stringMembers.contains(s);
            default:
                return literal.isString() && s.contains(literal.stringValue());
        }
    }

    /** The test on a number computed by the engine (a length), without boxing it in a node. */
    boolean testLength(long n) {
        if (opcode == CMP) {
            if (literalIsLong) {
                return holds(Long.compare(n, literalLong));
            }
            if (literalDecimal == null) {
                return op == CmpOp.NE;
            }
            return holds(BigDecimal.valueOf(n).compareTo(literalDecimal));
        }
        if (opcode == EXISTS) {
            return true;
        }
        return test(dev.mcppol.runtime.json.Json.NODES.numberNode(n));
    }

    private boolean contains(JsonNode v) {
        if (v.isString()) {
            return literal.isString() && v.stringValue().contains(literal.stringValue());
        }
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                if (JsonValues.equal(v.get(i), literal)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean compare(JsonNode v) {
        if (literalDecimal != null && v.isNumber()) {
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
        switch (op) {
            case EQ:
                return cmp == 0;
            case NE:
                return cmp != 0;
            case LT:
                return cmp < 0;
            case LE:
                return cmp <= 0;
            case GT:
                return cmp > 0;
            default:
                return cmp >= 0;
        }
    }
}
