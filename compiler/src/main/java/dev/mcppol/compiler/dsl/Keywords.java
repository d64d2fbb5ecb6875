package dev.mcppol.compiler.dsl;

import dev.mcppol.runtime.model.TestOperator;
import java.util.HashSet;
import java.util.Set;

/**
 * The policy language's keywords, for whoever writes names into policy text (the printer, the
 * importers' generated names): a name that is a keyword is quoted or renamed. The operators' words
 * come from the operator table ({@link TestOperator}), so a new operator is a keyword everywhere.
 */
public final class Keywords {
    private Keywords() {
    }

    public static final Set<String> ALL = all();

    public static boolean is(String word) {
        return ALL.contains(word);
    }

    private static Set<String> all() {
        Set<String> k = new HashSet<>(Set.of("policy", "tools", "tool", "hide", "default", "allow", "deny", "ask",
                "approvers", "approve", "for", "limit", "per", "sum", "session", "identity", "global", "require",
                "required", "validate", "as", "when", "reason", "and", "or", "not", "len", "true", "false", "null",
                "args", "claims"));
        k.addAll(TestOperator.words());
        return Set.copyOf(k);
    }
}
