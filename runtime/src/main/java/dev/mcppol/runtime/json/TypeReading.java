package dev.mcppol.runtime.json;

import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
     * An {@code inputSchema} made ready for reading: per schema node, its declared types, the plans
     * of its properties and items, and the defaults of its properties, so reading a call looks up no
     * schema keywords. A node's {@code $ref} (a pointer into the same {@code inputSchema}, as pydantic
     * writes nested models under {@code $defs}) and its {@code allOf}/{@code anyOf}/{@code oneOf}
     * branches count as its own: their properties, defaults and items are read here too.
     */
    public static final class Plan {
        int types;
        Map<String, Plan> properties = Map.of();
        /** Members a server fills in when the call leaves them out: each declared member's {@code default}. */
        Map<String, JsonNode> defaults = Map.of();
        /** The plan of members {@code properties} does not name ({@code additionalProperties}), or null. */
        Plan additional;
        Plan items;

        /** Whether a value here may be read as another type than sent (a type list without string). */
        boolean readsLeaf() {
            return types != 0 && (types & STRING) == 0;
        }

        boolean readsMembers() {
            return !properties.isEmpty() || additional != null;
        }
    }

    /**
     * The plan of an {@code inputSchema}, or null when no value under it can read otherwise (no
     * node declares only types other than string, none gives a default): then
     * {@link #read(JsonNode, Plan)} and {@link #withDefaults} have nothing to do.
     */
    public static Plan plan(JsonNode inputSchema) {
        return inputSchema == null ? null : new Planner(inputSchema).root();
    }

    /**
     * Makes the plans of one {@code inputSchema}, in two steps: each node's own plan (its keywords; a
     * {@code $ref} target planned once however often it is referred to, so a recursive model is a loop
     * of plans and planning takes time linear in the schema), then each plan takes in the members,
     * defaults and items of what it refers to and of its branches, transitively (a member named twice
     * keeps the first plan found, its own before its parts').
     */
    private static final class Planner {
        private final JsonNode root;
        private final Map<JsonNode, Plan> targets = new java.util.IdentityHashMap<>();
        private final Map<JsonNode, Integer> typeBits = new java.util.IdentityHashMap<>();
        /** Every plan made, with what it refers to and its branches (until they are taken in). */
        private final Map<Plan, List<Plan>> parts = new java.util.IdentityHashMap<>();

        Planner(JsonNode root) {
            this.root = root;
        }

        Plan root() {
            Plan top = plan(root, 0);
            List<Plan> made = new ArrayList<>(parts.keySet());
            Map<Plan, Own> own = new java.util.IdentityHashMap<>();
            for (Plan p : made) {
                own.put(p, new Own(p.properties, p.defaults, p.additional, p.items));
            }
            boolean reads = false;
            for (Plan p : made) {
                takeIn(p, own);
                reads |= p.readsLeaf() || !p.defaults.isEmpty();
            }
            return reads ? top : null;
        }

        /** A plan's own members, defaults and items, before it took in its parts'. */
        private record Own(Map<String, Plan> properties, Map<String, JsonNode> defaults, Plan additional, Plan items) {
        }

        private void takeIn(Plan p, Map<Plan, Own> own) {
            Map<String, Plan> properties = new java.util.HashMap<>();
            Map<String, JsonNode> defaults = new java.util.LinkedHashMap<>();
            Plan additional = null;
            Plan items = null;
            java.util.Deque<Plan> todo = new java.util.ArrayDeque<>(List.of(p));
            Set<Plan> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            while (!todo.isEmpty()) { // each plan of the schema at most once
                Plan q = todo.poll();
                if (!seen.add(q)) {
                    continue;
                }
                Own o = own.get(q);
                o.properties().forEach((k, v) -> {
                    if (properties.get(k) == null) {
                        properties.put(k, v);
                    }
                });
                o.defaults().forEach(defaults::putIfAbsent);
                additional = additional != null ? additional : o.additional();
                items = items != null ? items : o.items();
                todo.addAll(parts.get(q));
            }
            p.properties = properties.isEmpty() ? Map.of() : properties;
            p.defaults = defaults.isEmpty() ? Map.of() : defaults;
            p.additional = additional;
            p.items = items;
        }

        /** The node a local {@code $ref} ("#", "#/$defs/Name") points to, or null. */
        private JsonNode target(JsonNode schema) {
            JsonNode ref = schema.get("$ref");
            if (ref == null || !ref.isString() || !ref.stringValue().startsWith("#")) {
                return null;
            }
            try {
                JsonNode t = root.at(tools.jackson.core.JsonPointer.compile(ref.stringValue().substring(1)));
                return t != null && t.isObject() ? t : null;
            } catch (IllegalArgumentException e) {
                return null; // not a JSON pointer: no reading through it
            }
        }

        /** The node's own plan (null for a node that reads nothing and has no members, items or parts). */
        private Plan plan(JsonNode schema, int depth) {
            if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
                return null;
            }
            Plan p = new Plan();
            fill(p, schema, depth);
            if (!p.readsLeaf() && !p.readsMembers() && p.defaults.isEmpty() && p.items == null
                    && parts.get(p).isEmpty()) {
                parts.remove(p);
                return null;
            }
            return p;
        }

        private Plan ofTarget(JsonNode target, int depth) {
            Plan p = targets.get(target);
            if (p == null) {
                p = new Plan();
                targets.put(target, p);
                fill(p, target, depth);
            }
            return p;
        }

        private void fill(Plan p, JsonNode schema, int depth) {
            List<Plan> mine = new ArrayList<>();
            parts.put(p, mine);
            // Every declared member is kept, its plan null where nothing in it reads otherwise: a declared
            // member never falls to additionalProperties.
            Map<String, Plan> properties = new java.util.HashMap<>();
            Map<String, JsonNode> defaults = new java.util.LinkedHashMap<>();
            if (schema.get("properties") instanceof ObjectNode props) {
                for (Map.Entry<String, JsonNode> e : props.properties()) {
                    properties.put(e.getKey(), plan(e.getValue(), depth + 1));
                    if (e.getValue().isObject() && e.getValue().get("default") != null) {
                        defaults.put(e.getKey(), e.getValue().get("default"));
                    }
                }
            }
            p.properties = properties.isEmpty() ? Map.of() : properties;
            p.defaults = defaults.isEmpty() ? Map.of() : defaults;
            p.additional = plan(schema.get("additionalProperties"), depth + 1);
            p.items = plan(schema.get("items"), depth + 1);
            p.types = types(schema, 0);
            JsonNode target = target(schema);
            if (target != null && depth < MAX_DEPTH) {
                mine.add(ofTarget(target, depth + 1));
            }
            for (String combinator : BRANCHING) {
                if (schema.get(combinator) instanceof ArrayNode branches) {
                    for (JsonNode b : branches) {
                        Plan bp = plan(b, depth + 1);
                        if (bp != null) {
                            mine.add(bp);
                        }
                    }
                }
            }
        }

        /**
         * The declared types, as bits: {@code type} (a name or a list) and those of {@code anyOf}/{@code oneOf}
         * branches ({@code integer} counts as {@code number}: a lax reader takes "5.0" for an integer too),
         * through {@code $ref}s.
         */
        private int types(JsonNode schema, int hops) {
            // Once per node: refs can share branches, and a walk of every path through them is exponential.
            Integer known = typeBits.get(schema);
            if (known != null) {
                return known;
            }
            typeBits.put(schema, 0); // a ref back to a node being typed names no type
            int types = typesOf(schema, hops);
            typeBits.put(schema, types);
            return types;
        }

        private int typesOf(JsonNode schema, int hops) {
            JsonNode target = target(schema);
            if (target != null && schema.get("type") == null && hops < MAX_REF_HOPS) {
                return types(target, hops + 1);
            }
            int types = bits(schema.get("type"));
            for (String combinator : COMBINATORS) {
                JsonNode branches = schema.get(combinator);
                if (branches != null && branches.isArray()) {
                    for (JsonNode b : branches) {
                        if (b.isObject()) {
                            int bt = hops < MAX_REF_HOPS ? types(b, hops + 1) : 0;
                            // a branch that names no type admits strings too: then nothing reads otherwise
                            types |= bt == 0 ? STRING : bt;
                        }
                    }
                }
            }
            // allOf's branches all hold: their types narrow the node's, and a branch naming none adds none
            if (schema.get("allOf") instanceof ArrayNode all) {
                for (JsonNode b : all) {
                    if (b.isObject() && hops < MAX_REF_HOPS) {
                        types |= types(b, hops + 1);
                    }
                }
            }
            return types;
        }
    }

    /**
     * Nodes followed one inside another to find a node's types (refs and branches; each node's types are
     * found once, so this bounds the stack, not the time): a chain longer than this names none.
     */
    private static final int MAX_REF_HOPS = MAX_DEPTH;
    private static final String[] BRANCHING = {"allOf", "anyOf", "oneOf"};

    /**
     * The arguments as a server that fills in defaults reads them (pydantic, zod's {@code .default()}):
     * each declared member the call leaves out, where its schema gives a {@code default}, holds that
     * default, in objects the plan reaches. The same instance when nothing is filled in, else a copy;
     * the filled members' paths are added to {@code filled} (dotted, at most {@code MAX_NAMED}).
     */
    public static JsonNode withDefaults(JsonNode arguments, Plan plan, List<String> filled) {
        return withDefaults(arguments, plan, filled, Set.of());
    }

    /** {@link #withDefaults(JsonNode, Plan, List)} leaving the members at the paths {@code skip} names out. */
    public static JsonNode withDefaults(JsonNode arguments, Plan plan, List<String> filled, Set<String> skip) {
        return arguments == null || plan == null ? arguments : withDefaults(arguments, plan, "", filled, skip, 0);
    }

    private static final int MAX_NAMED = 8;

    private static JsonNode withDefaults(JsonNode v, Plan plan, String at, List<String> filled, Set<String> skip,
            int depth) {
        if (plan == null || depth > MAX_DEPTH) {
            return v;
        }
        if (v.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> d : plan.defaults.entrySet()) {
                if (v.get(d.getKey()) == null && !skip.contains(at + d.getKey())) {
                    if (copy == null) {
                        copy = ((ObjectNode) v).deepCopy();
                    }
                    copy.set(d.getKey(), d.getValue().deepCopy());
                    if (filled.size() < MAX_NAMED) {
                        filled.add(at + d.getKey());
                    }
                }
            }
            Step step = (value, p, name) -> withDefaults(value, p, at + name + ".", filled, skip, depth + 1);
            return plan.readsMembers() ? eachMember((ObjectNode) v, copy, plan, step) : copy == null ? v : copy;
        }
        if (v.isArray() && plan.items != null) {
            return eachItem((ArrayNode) v, plan.items,
                    (value, p, name) -> withDefaults(value, p, at + name + ".", filled, skip, depth + 1));
        }
        return v;
    }

    /** What a reading makes of one member's or item's value under its plan ({@code name}: its key or index). */
    private interface Step {
        JsonNode apply(JsonNode value, Plan plan, String name);
    }

    /**
     * The object with each member that has a plan (its own, else additionalProperties') replaced by what
     * {@code step} makes of it: {@code copy} if given, else the object itself while nothing changes, else
     * a copy made on the first change (callers compare by identity).
     */
    private static JsonNode eachMember(ObjectNode v, ObjectNode copy, Plan plan, Step step) {
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            Plan p = plan.properties.containsKey(e.getKey()) ? plan.properties.get(e.getKey()) : plan.additional;
            if (p == null) {
                continue;
            }
            JsonNode read = step.apply(e.getValue(), p, e.getKey());
            if (read != e.getValue()) {
                if (copy == null) {
                    copy = v.deepCopy();
                }
                copy.set(e.getKey(), read);
            }
        }
        return copy == null ? v : copy;
    }

    /** {@link #eachMember} for an array's items, all under one plan. */
    private static JsonNode eachItem(ArrayNode v, Plan items, Step step) {
        ArrayNode copy = null;
        for (int i = 0; i < v.size(); i++) {
            JsonNode read = step.apply(v.get(i), items, Integer.toString(i));
            if (read != v.get(i)) {
                if (copy == null) {
                    copy = v.deepCopy();
                }
                copy.set(i, read);
            }
        }
        return copy == null ? v : copy;
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
        if (v.isString() || v.isNumber() || v.isBoolean()) {
            if (plan.readsLeaf()) {
                JsonNode as = v.isString() ? fromString(v.stringValue(), plan.types)
                        : v.isNumber() ? fromNumber(v, plan.types) : fromBoolean(v, plan.types);
                if (as != null) {
                    return read(as, plan, depth + 1);
                }
            }
            return v;
        }
        if (v.isObject() && plan.readsMembers()) {
            return eachMember((ObjectNode) v, null, plan, (value, p, name) -> read(value, p, depth + 1));
        }
        if (v.isArray() && plan.items != null) {
            return eachItem((ArrayNode) v, plan.items, (value, p, name) -> read(value, p, depth + 1));
        }
        return v;
    }

    private static final int STRING = 1;
    private static final int NUMBER = 2;
    static final int BOOLEAN = 4;
    private static final int ARRAY = 8;
    private static final int OBJECT = 16;
    private static final int NULL = 32;

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
    static JsonNode fromString(String s, int types) {
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

    static final int ALL_BUT_STRING = NUMBER | BOOLEAN | ARRAY | OBJECT | NULL;

    /**
     * Every other value a lax reader may make of this one when the schema is not known: a string read
     * as a number, boolean or JSON value, {@code true}/{@code false} as 1/0, 0 and 1 as booleans. Empty
     * for anything else (a string no reader takes for another type, an array, an object, null).
     */
    public static List<JsonNode> otherReadings(JsonNode v) {
        if (v.isString()) {
            // Most strings are read as nothing else: said from their first character and length, without
            // trying a parse (a failed one costs an exception): a boolean word has at most five letters,
            // a numeral starts with a digit, a sign, a dot or "inf", JSON text with [ or {.
            String t = v.stringValue().strip();
            List<JsonNode> out = new ArrayList<>(2);
            if (t.length() <= 5) {
                String word = t.toLowerCase(Locale.ROOT);
                if (TRUE_WORDS.contains(word) || FALSE_WORDS.contains(word)) {
                    out.add(Json.NODES.booleanNode(TRUE_WORDS.contains(word)));
                }
                if (t.equals("null")) {
                    out.add(Json.NODES.nullNode());
                }
            }
            char c = t.isEmpty() ? '0' : t.charAt(0);
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == '[' || c == '{'
                    || ((c == 'i' || c == 'I') && t.length() <= 8)) {
                JsonNode other = fromString(t, ALL_BUT_STRING & ~BOOLEAN);
                if (other != null) {
                    out.add(other);
                }
            }
            return out;
        }
        if (v.isBoolean()) {
            return List.of(fromBoolean(v, NUMBER));
        }
        if (v.isNumber()) {
            if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() != 0 && v.longValue() != 1) {
                return List.of(); // the usual number: no reader takes it for a boolean
            }
            JsonNode b = fromNumber(v, BOOLEAN);
            return b == null ? List.of() : List.of(b);
        }
        return List.of();
    }

    /** pydantic reads {@code true} and {@code false} as 1 and 0 where a number is declared and no boolean. */
    private static JsonNode fromBoolean(JsonNode b, int types) {
        if ((types & NUMBER) == 0 || (types & BOOLEAN) != 0) {
            return null;
        }
        return Json.NODES.numberNode(b.booleanValue() ? 1 : 0);
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
