package dev.mcppol.runtime.model;

import java.util.Locale;

/** The result of a decision. */
public enum Outcome {
    ALLOW, DENY, LIMIT, ASK;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWord(String w) {
        for (Outcome o : values()) {
            if (o.word().equals(w)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + w + "' (expected allow, deny, limit or ask)");
    }
}
