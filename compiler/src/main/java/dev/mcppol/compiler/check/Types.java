package dev.mcppol.compiler.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** JSON Schema type names of values, and how messages say them. */
final class Types {
    private Types() {
    }

    /** The JSON Schema type of a literal; whole numbers are {@code integer}, as JSON Schema counts them. */
    static String of(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isString()) {
            return "string";
        }
        if (v.isIntegralNumber() || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return v.isArray() ? "array" : "object";
    }

    /** Whether a value of type {@code value} can be one the schema types admit ({@code integer} is a number). */
    static boolean admits(Set<String> schemaTypes, String value) {
        return schemaTypes.contains(value) || (value.equals("integer") && schemaTypes.contains("number"))
                || (value.equals("number") && schemaTypes.contains("integer"));
    }

    static boolean admitsAny(Set<String> schemaTypes, String... values) {
        for (String v : values) {
            if (admits(schemaTypes, v)) {
                return true;
            }
        }
        return false;
    }

    /** {@code "a number"}, {@code "a string or an array"}. */
    static String phrase(Set<String> types) {
        List<String> words = new ArrayList<>();
        for (String t : types) {
            words.add(article(t) + " " + t);
        }
        return words.isEmpty() ? "of no type" : String.join(" or ", words);
    }

    static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
