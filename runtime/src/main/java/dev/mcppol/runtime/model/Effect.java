package dev.mcppol.runtime.model;

import java.util.Locale;

/** What a rule says. Precedence, independent of rule order: deny, then ask, then allow. */
public enum Effect {
    ALLOW, DENY, ASK;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Effect fromWord(String w) {
        return valueOf(w.toUpperCase(Locale.ROOT));
    }
}
