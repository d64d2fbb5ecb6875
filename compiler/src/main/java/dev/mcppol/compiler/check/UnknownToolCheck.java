package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.compiler.ir.Hidden;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.model.Globs;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * E101: every tool a rule, limit or {@code hide} names exists in the bound schemas, and every glob
 * matches at least one. A typo here silently turns a deny into nothing. Reported once per name, at
 * its first use; silent when no schema is bound (nothing to check against).
 */
public final class UnknownToolCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        if (schemas.isEmpty()) {
            return;
        }
        Set<String> reported = new HashSet<>();
        for (Rule r : policy.rules()) {
            // A hide statement's rule has the span of the whole statement; its Hidden entry is precise.
            if (r.kind() != RuleKind.HIDE) {
                check(r.target(), r.targetSpan(), schemas, reported, diagnostics);
            }
        }
        for (Hidden h : policy.hidden()) {
            check(h.pattern(), h.span(), schemas, reported, diagnostics);
        }
        for (ToolLimit t : policy.toolLimits()) {
            check(t.target(), t.span(), schemas, reported, diagnostics);
        }
    }

    private static void check(String target, Span span, Map<String, JsonNode> schemas, Set<String> reported,
                              Diagnostics diagnostics) {
        if (schemas.containsKey(target) || reported.contains(target)) {
            return;
        }
        if (Globs.isGlob(target)) {
            for (String tool : schemas.keySet()) {
                if (Globs.matches(target, tool)) {
                    return;
                }
            }
            reported.add(target);
            diagnostics.error(DiagnosticKind.UNKNOWN_TOOL, span, "the pattern '" + target
                    + "' matches no tool in the schemas", "the schemas list " + schemas.size() + " tools: "
                    + list(schemas.keySet()));
            return;
        }
        reported.add(target);
        String near = Suggestions.closest(target, schemas.keySet());
        diagnostics.error(DiagnosticKind.UNKNOWN_TOOL, span, "no tool named '" + target + "' in the schemas",
                near != null ? "did you mean '" + near + "'?" : "the schemas list " + schemas.size() + " tools: "
                        + list(schemas.keySet()));
    }

    /** The first few names, enough to orient without flooding the terminal. */
    static String list(Set<String> names) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (String n : names) {
            if (i == 8) {
                return b.append(", … (").append(names.size() - 8).append(" more)").toString();
            }
            b.append(i++ == 0 ? "" : ", ").append(n);
        }
        return b.toString();
    }
}
