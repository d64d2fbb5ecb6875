package dev.mcppol.runtime.model;

import java.util.Locale;

/** Whose calls a limit counts together. */
public enum Scope {
    SESSION, IDENTITY, GLOBAL;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromWord(String w) {
        return valueOf(w.toUpperCase(Locale.ROOT));
    }
}
