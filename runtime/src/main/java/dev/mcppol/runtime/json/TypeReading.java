package dev.mcppol.runtime.json;

import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a lax server reads a tool's arguments. The engine decides on the JSON as sent, where
 * {@code "1000"} is a string; a Python server reads the arguments into the types its
 * {@code inputSchema} declares, and pydantic's lax mode turns {@code "1000"} into {@code 1000} and
 * {@code "yes"} into {@code true}, while FastMCP first parses a string given for a list or object
 * parameter as JSON ({@code "[1, 2]"}, {@code "{\"a\": 5}"}). So wherever the schema declares types
 * that exclude {@code string} and the argument is a string, the lax reading is that string read as
 * one of those types. Strict servers (the TypeScript SDK's zod) refuse such a call instead. A call
 * whose decision differs between the two readings is ambiguous, and the proxy denies it.
 *
 * <p>The reading errs towards reading more: a string that some lax reader could take for the
 * declared type is read as it, since a reading too many can only deny a call a strict server would
 * have refused anyway, while one too few lets a lax server act on a value the policy never saw.
 */
public final class TypeReading {
    private TypeReading() {
    }

    /** Duplicate keys keep the last value, as {@code json.loads} and {@code JSON.parse} do. */
    private static final JsonMapper LAST_WINS = Json.MAPPER.rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Deeper than any parser lets a message nest (Jackson's default limit is 500): bounds the walk. */
    private static final int MAX_DEPTH = 1_000;
    private static final Set<String> TRUE_WORDS = Set.of("t", "y", "on", "yes", "true", "1");
    private static final Set<String> FALSE_WORDS = Set.of("f", "n", "no", "off", "false", "0");

    /**
     * An {@code inputSchema} made ready for reading: per schema node, its declared types and the
     * plans of its properties and items, so reading a call looks up no schema keywords.
     */
    public static final class Plan {
        final int types;
        final Map<String, Plan> properties;
        /** The plan of members {@code properties} does not name ({@code additionalProperties}), or null. */
        final Plan additional;
        final Plan items;

        private Plan(int types, Map<String, Plan> properties, Plan additional, Plan items) {
            this.types = types;
            this.properties = properties;
            this.additional = additional;
            this.items = items;
        }

        /** Whether a value here may be read as another type than sent (a type list without string). */
        boolean readsLeaf() {
            return types != 0 && (types & STRING) == 0;
        }
    }

    /**
     * The plan of an {@code inputSchema}, or null when no value under it can read otherwise (no
     * node declares only types other than string): then {@link #read(JsonNode, Plan)} has nothing to do.
     */
    public static Plan plan(JsonNode inputSchema) {
        return inputSchema == null ? null : plan(inputSchema, 0);
    }

    private static Plan plan(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return null;
        }
        // Every declared member is kept, its plan null where nothing in it reads otherwise: a declared
        // member never falls to additionalProperties.
        Map<String, Plan> properties = new java.util.HashMap<>();
        boolean memberReads = false;
        if (schema.get("properties") instanceof ObjectNode props) {
            for (Map.Entry<String, JsonNode> e : props.properties()) {
                Plan p = plan(e.getValue(), depth + 1);
                properties.put(e.getKey(), p);
                memberReads |= p != null;
            }
        }
        Plan additional = plan(schema.get("additionalProperties"), depth + 1);
        Plan items = plan(schema.get("items"), depth + 1);
        int types = types(schema);
        boolean leaf = types != 0 && (types & STRING) == 0;
        if (!leaf && !memberReads && additional == null && items == null) {
            return null;
        }
        return new Plan(types, additional == null && !memberReads ? Map.of() : properties, additional, items);
    }

    /**
     * The arguments as a lax server reads them under this {@code inputSchema}: the same instance when
     * no value reads otherwise (callers compare by identity), else a copy.
     */
    public static JsonNode read(JsonNode arguments, JsonNode inputSchema) {
        return read(arguments, plan(inputSchema));
    }

    /** {@link #read(JsonNode, JsonNode)} with the schema's plan made beforehand. */
    public static JsonNode read(JsonNode arguments, Plan plan) {
        return arguments == null || plan == null ? arguments : read(arguments, plan, 0);
    }

    private static JsonNode read(JsonNode v, Plan plan, int depth) {
        if (plan == null || depth > MAX_DEPTH) {
            return v;
        }
        if (v.isString() || v.isNumber()) {
            if (plan.readsLeaf()) {
                JsonNode as = v.isString() ? fromString(v.stringValue(), plan.types) : fromNumber(v, plan.types);
                if (as != null) {
                    return read(as, plan, depth + 1);
                }
            }
            return v;
        }
        if (v.isObject() && (!plan.properties.isEmpty() || plan.additional != null)) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                Plan p = plan.properties.containsKey(e.getKey()) ? plan.properties.get(e.getKey()) : plan.additional;
                if (p == null) {
                    continue;
                }
                JsonNode read = read(e.getValue(), p, depth + 1);
                if (read != e.getValue()) {
                    if (copy == null) {
                        copy = ((ObjectNode) v).deepCopy();
                    }
                    copy.set(e.getKey(), read);
                }
            }
            return copy == null ? v : copy;
        }
        if (v.isArray() && plan.items != null) {
            ArrayNode copy = null;
            for (int i = 0; i < v.size(); i++) {
                JsonNode read = read(v.get(i), plan.items, depth + 1);
                if (read != v.get(i)) {
                    if (copy == null) {
                        copy = ((ArrayNode) v).deepCopy();
                    }
                    copy.set(i, read);
                }
            }
            return copy == null ? v : copy;
        }
        return v;
    }

    private static final int STRING = 1;
    private static final int NUMBER = 2;
    private static final int BOOLEAN = 4;
    private static final int ARRAY = 8;
    private static final int OBJECT = 16;
    private static final int NULL = 32;

    /**
     * The declared types, as bits: {@code type} (a name or a list) and those of {@code anyOf}/{@code oneOf}
     * branches ({@code integer} counts as {@code number}: a lax reader takes "5.0" for an integer too).
     */
    private static int types(JsonNode schema) {
        int types = bits(schema.get("type"));
        for (String combinator : COMBINATORS) {
            JsonNode branches = schema.get(combinator);
            if (branches != null && branches.isArray()) {
                for (JsonNode b : branches) {
                    if (b.isObject()) {
                        // a branch that names no type admits strings too: then nothing reads otherwise
                        types |= b.get("type") == null ? STRING : bits(b.get("type"));
                    }
                }
            }
        }
        return types;
    }

    private static final String[] COMBINATORS = {"anyOf", "oneOf"};

    private static int bits(JsonNode type) {
        if (type == null) {
            return 0;
        }
        if (type.isString()) {
            return bit(type.stringValue());
        }
        int bits = 0;
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.isString()) {
                    bits |= bit(t.stringValue());
                }
            }
        }
        return bits;
    }

    private static int bit(String type) {
        return switch (type) {
            case "string" -> STRING;
            case "number", "integer" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "array" -> ARRAY;
            case "object" -> OBJECT;
            case "null" -> NULL;
            default -> 0;
        };
    }

    /** A string as a value of one of these (non-string) types, or null when no lax reader takes it so. */
    private static JsonNode fromString(String s, int types) {
        if ((types & BOOLEAN) != 0) {
            String word = s.strip().toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) {
                return Json.NODES.booleanNode(true);
            }
            if (FALSE_WORDS.contains(word)) {
                return Json.NODES.booleanNode(false);
            }
        }
        JsonNode parsed;
        try {
            parsed = Json.tree(() -> LAST_WINS.readTree(s));
        } catch (JacksonException e) {
            parsed = null;
        }
        if (parsed != null && !parsed.isMissingNode()) {
            int bit = parsed.isNumber() ? NUMBER : parsed.isBoolean() ? BOOLEAN : parsed.isArray() ? ARRAY
                    : parsed.isObject() ? OBJECT : parsed.isNull() ? NULL : STRING;
            if ((types & bit) != 0 && bit != STRING) {
                return parsed;
            }
        }
        if ((types & NUMBER) != 0) {
            BigDecimal n = numeral(s);
            return n == null ? null : Json.NODES.numberNode(n);
        }
        return null;
    }

    /** Longer numerals are read through a double (bounded time); their digits past this cannot change a double. */
    private static final int MAX_NUMERAL = 1_000;
    private static final Pattern DECIMAL = Pattern.compile("(?:\\d(?:_?\\d)*)?(?:\\.(?:\\d(?:_?\\d)*)?)?(?:[eE][+-]?\\d+)?");
    private static final Pattern RADIX = Pattern.compile("0([xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|[oO][0-7](?:_?[0-7])*|[bB][01](?:_?[01])*)");

    /**
     * A string as the number lax readers make of it where JSON would not: JavaScript's
     * {@code Number()} (zod's {@code coerce}: {@code ""} is 0, {@code "0x10"} 16, {@code "007"} 7,
     * {@code ".5"}, {@code "5."}, {@code "+5"}, {@code "Infinity"}) and Python's {@code int()}/
     * {@code float()} ({@code "1_000"}, {@code "inf"}). Null for anything no reader takes for a
     * number ({@code "NaN"} compares false everywhere, as a string does).
     */
    static BigDecimal numeral(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return BigDecimal.ZERO;
        }
        boolean negative = t.charAt(0) == '-';
        String body = t.charAt(0) == '-' || t.charAt(0) == '+' ? t.substring(1) : t;
        String word = body.toLowerCase(Locale.ROOT);
        if (word.equals("infinity") || word.equals("inf")) {
            return negative ? NumberReading.INFINITY.negate() : NumberReading.INFINITY;
        }
        if (RADIX.matcher(body).matches()) {
            String digits = body.substring(2).replace("_", "");
            int radix = switch (Character.toLowerCase(body.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            String significant = digits.replaceFirst("^0+(?=.)", "");
            if (significant.length() > MAX_NUMERAL) {
                return negative ? NumberReading.INFINITY.negate() : NumberReading.INFINITY;
            }
            BigDecimal v = new BigDecimal(new java.math.BigInteger(significant, radix));
            return negative ? v.negate() : v;
        }
        if (body.isEmpty() || !DECIMAL.matcher(body).matches() || body.chars().noneMatch(Character::isDigit)
                || body.startsWith("e") || body.startsWith("E") || body.startsWith(".e") || body.startsWith(".E")) {
            return null;
        }
        String plain = body.replace("_", "");
        if (plain.startsWith(".")) {
            plain = "0" + plain;
        }
        plain = plain.replaceFirst("\\.(?=[eE]|$)", "");
        if (plain.length() > MAX_NUMERAL) {
            double d = Double.parseDouble(plain);
            BigDecimal v = Double.isInfinite(d) ? NumberReading.INFINITY : new BigDecimal(d);
            return negative ? v.negate() : v;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(plain);
        } catch (NumberFormatException e) {
            // an exponent beyond an int: a double reader makes it infinity or zero
            double d = Double.parseDouble(plain);
            v = Double.isInfinite(d) ? NumberReading.INFINITY : BigDecimal.ZERO;
        }
        return negative ? v.negate() : v;
    }

    /** pydantic reads 0 and 1 as booleans where only a boolean is declared. */
    private static JsonNode fromNumber(JsonNode n, int types) {
        if ((types & BOOLEAN) == 0 || (types & NUMBER) != 0) {
            return null;
        }
        java.math.BigDecimal d = n.decimalValue();
        return d.signum() == 0 ? Json.NODES.booleanNode(false)
                : d.compareTo(java.math.BigDecimal.ONE) == 0 ? Json.NODES.booleanNode(true) : null;
    }
}
