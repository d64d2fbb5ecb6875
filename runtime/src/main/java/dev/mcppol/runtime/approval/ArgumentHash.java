package dev.mcppol.runtime.approval;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The fingerprint an approval is bound to: SHA-256 over a canonical form of the tool name and its
 * arguments. Two calls get the same hash exactly when the policy would see the same values (typed JSON
 * equality: {@code 5} and {@code 5.0} are one number, object key order does not matter, {@code "5"}
 * is not {@code 5}), so an approval admits the call a person saw and nothing else.
 */
public final class ArgumentHash {
    private ArgumentHash() {
    }

    /** Hex SHA-256 of {@code tool} and {@code arguments} (null arguments hash like an empty object). */
    public static String of(String tool, JsonNode arguments) {
        StringBuilder b = new StringBuilder(64);
        string(b, tool);
        b.append('\n');
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            b.append("{}");
        } else {
            canonical(b, arguments);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static void canonical(StringBuilder b, JsonNode v) {
        if (v.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(v.properties());
            entries.sort(Map.Entry.comparingByKey());
            b.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                string(b, entries.get(i).getKey());
                b.append(':');
                canonical(b, entries.get(i).getValue());
            }
            b.append('}');
        } else if (v.isArray()) {
            b.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                canonical(b, v.get(i));
            }
            b.append(']');
        } else if (v.isNumber()) {
            // Scientific form of the stripped decimal: one spelling per value, and bounded in length by
            // the input's own digits (a plain form of 1e-999999999 would be a billion characters).
            BigDecimal d = v.decimalValue();
            b.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toString());
        } else if (v.isString()) {
            string(b, v.stringValue());
        } else if (v.isBoolean()) {
            b.append(v.booleanValue());
        } else {
            b.append("null");
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
