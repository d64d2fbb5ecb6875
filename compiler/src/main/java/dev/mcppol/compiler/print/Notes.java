package dev.mcppol.compiler.print;

import dev.mcppol.runtime.model.Texts;

/**
 * Notes about one rule, kept in {@link dev.mcppol.compiler.ir.Policy#notes()} (the IR has no
 * per-rule notes): {@code @rule "ID" text}. The printer puts such a note above that rule, any other
 * note at the top of the policy.
 */
public final class Notes {
    private static final String PREFIX = "@rule ";

    private Notes() {
    }

    public static String forRule(String ruleId, String text) {
        return PREFIX + Texts.quote(ruleId) + " " + text;
    }

    /** The rule id a note is about, or null for a policy-wide note. */
    public static String ruleOf(String note) {
        int end = closingQuote(note);
        if (end < 0) {
            return null;
        }
        try {
            return dev.mcppol.runtime.json.Json.MAPPER.readTree(note.substring(PREFIX.length(), end + 1)).stringValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The note's text without its rule marker. */
    public static String textOf(String note) {
        int end = closingQuote(note);
        return end < 0 ? note : note.substring(Math.min(note.length(), end + 2));
    }

    private static int closingQuote(String note) {
        if (!note.startsWith(PREFIX + "\"")) {
            return -1;
        }
        for (int i = PREFIX.length() + 1; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }
}
