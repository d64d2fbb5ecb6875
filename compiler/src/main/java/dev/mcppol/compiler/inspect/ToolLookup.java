package dev.mcppol.compiler.inspect;

import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.runtime.bundle.Bundle;

/**
 * Whether a tool name given on the command line (explain's {@code --tool}) is one the bundle knows.
 * With schemas bound, the schemas list every tool the server has: any other name is a typo. Without
 * them, a name the policy does not spell out is decided by its globs, unless it is one edit or two
 * away from a name it does spell out (then it is almost surely a typo, and explaining it would
 * silently show the default).
 */
public final class ToolLookup {
    private ToolLookup() {
    }

    /** Null when the name is fine; else the message saying why not, with a "did you mean" where one is close. */
    public static String unknown(Bundle bundle, String tool) {
        if (bundle.tools().containsKey(tool)) {
            return null;
        }
        String near = Suggestions.closest(tool, bundle.tools().keySet());
        if (bundle.schemas().isEmpty() && near == null) {
            return null;
        }
        return "unknown tool " + tool + (bundle.schemas().isEmpty() ? " (the policy names no such tool)"
                : " (not in the policy's tool schemas)") + (near != null ? "; did you mean " + near + "?" : "");
    }
}
