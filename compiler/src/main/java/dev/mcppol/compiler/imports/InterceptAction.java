package dev.mcppol.compiler.imports;

import java.util.EnumSet;
import java.util.Set;

/**
 * A rule's {@code action} in either Intercept dialect. Which dialect takes which action is stated
 * once here: detection reads it, and each dialect's importer accepts only its own.
 */
enum InterceptAction {
    /** Own schema (the default there): the conditions must all hold, else the call is denied. */
    EVALUATE("evaluate", EnumSet.of(InterceptDialect.OWN)),
    DENY("deny", EnumSet.of(InterceptDialect.OWN, InterceptDialect.PAGES)),
    /** Own schema: the call is held for a person's approval when the conditions hold. */
    REQUIRE_APPROVAL("require_approval", EnumSet.of(InterceptDialect.OWN)),
    /** The pages' dialect: the tool is listed (allowed), with an optional rate limit and validation. */
    ALLOW("allow", EnumSet.of(InterceptDialect.PAGES));

    private final String word;
    private final Set<InterceptDialect> dialects;

    InterceptAction(String word, Set<InterceptDialect> dialects) {
        this.word = word;
        this.dialects = dialects;
    }

    String word() {
        return word;
    }

    boolean in(InterceptDialect dialect) {
        return dialects.contains(dialect);
    }

    /** The one dialect that has this action, or null when both do. */
    InterceptDialect onlyDialect() {
        return dialects.size() == 1 ? dialects.iterator().next() : null;
    }

    /** The action written {@code word}, or null for none. */
    static InterceptAction fromWord(String word) {
        for (InterceptAction a : values()) {
            if (a.word.equals(word)) {
                return a;
            }
        }
        return null;
    }
}
