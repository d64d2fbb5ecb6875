package dev.mcppol.runtime.model;

import java.util.Locale;

/**
 * Whose calls a limit counts together. {@code CLAIM}: calls whose verified token has the same value
 * of one claim ({@code per claims.tenant}); the claim is {@link LimitSpec#scopeClaim()}.
 */
public enum Scope {
    SESSION, IDENTITY, GLOBAL, CLAIM;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromWord(String w) {
        return valueOf(w.toUpperCase(Locale.ROOT));
    }
}
