package dev.mcppol.runtime.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Typed JSON equality and ordering: {@code 5 == 5.0}, {@code "5" != 5}, objects by content. */
public final class JsonValues {
    private JsonValues() {
    }

    public static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (a.isString() && b.isString()) {
            return a.stringValue().equals(b.stringValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return a.booleanValue() == b.booleanValue();
        }
        if (a.isNull() && b.isNull()) {
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    public static BigDecimal decimal(JsonNode n) {
        return n.decimalValue();
    }

    /** Canonical JSON text: sorted keys, numbers without trailing zeros ({@code 5.0} is {@code 5}). */
    public static String canonical(JsonNode n) {
        StringBuilder b = new StringBuilder();
        appendCanonical(b, n);
        return b.toString();
    }

    public static String canonicalList(List<JsonNode> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            appendCanonical(b, values.get(i));
        }
        return b.append(']').toString();
    }

    public static String canonicalNumber(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() <= 0 && s.precision() - s.scale() <= 40) {
            return s.toBigInteger().toString();
        }
        return Math.abs(s.scale()) <= 40 ? s.toPlainString() : s.toString();
    }

    private static void appendCanonical(StringBuilder b, JsonNode n) {
        if (n.isNumber()) {
            b.append(canonicalNumber(decimal(n)));
        } else if (n.isString()) {
            b.append(dev.mcppol.runtime.model.Texts.quote(n.stringValue()));
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                appendCanonical(b, n.get(i));
            }
            b.append(']');
        } else if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                sorted.put(e.getKey(), e.getValue());
            }
            b.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = sorted.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(dev.mcppol.runtime.model.Texts.quote(e.getKey())).append(": ");
                appendCanonical(b, e.getValue());
                if (it.hasNext()) {
                    b.append(", ");
                }
            }
            b.append('}');
        } else {
            b.append(n.toString());
        }
    }

    /** The JSON type name a policy author would use: string, number, boolean, null, array, object. */
    public static String typeName(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        if (n.isString()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isArray()) {
            return "array";
        }
        return "object";
    }

    public static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        for (JsonNode e : array) {
            out.add(e);
        }
        return out;
    }
}
