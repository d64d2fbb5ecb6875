package dev.mcppol.runtime.model;

import java.util.Locale;

/** The result of a decision. */
public enum Outcome {
    ALLOW, DENY, LIMIT, ASK;

    private static final Outcome[] ALL = values();

    /** The name in lower case, made once (every decision a replay checks asks for it). */
    private final String word = name().toLowerCase(Locale.ROOT);

    public String word() {
        return word;
    }

    public static Outcome fromWord(String w) {
        for (Outcome o : ALL) {
            if (o.word.equals(w)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + w + "' (expected allow, deny, limit or ask)");
    }
}
