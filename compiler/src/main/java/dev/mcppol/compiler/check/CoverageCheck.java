package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Hidden;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.Globs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * W107: tools in the schemas that no rule, limit or {@code hide} mentions (by name or glob), under
 * {@code default allow}: they are allowed with no condition or limit, so a tool the server added
 * since the policy was written would go through unnoticed. One warning lists them all. Under
 * {@code default deny} (written or implied) the default already says what happens to them — they are
 * denied — so there is nothing to acknowledge and no warning (a policy checks clean under
 * {@code --werror} without naming every tool).
 */
public final class CoverageCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        List<String> uncovered = uncovered(policy, schemas);
        if (uncovered.isEmpty() || policy.defaultEffect() != Effect.ALLOW) {
            return;
        }
        report(policy, uncovered, diagnostics);
    }

    /** The tools of the schemas that no rule, limit or {@code hide} of the policy mentions, in schema order. */
    public static List<String> uncovered(Policy policy, Map<String, JsonNode> schemas) {
        Set<String> targets = new LinkedHashSet<>();
        for (Rule r : policy.rules()) {
            targets.add(r.target());
        }
        for (ToolLimit t : policy.toolLimits()) {
            targets.add(t.target());
        }
        for (Hidden h : policy.hidden()) {
            targets.add(h.pattern());
        }
        List<String> uncovered = new ArrayList<>();
        for (String tool : schemas.keySet()) {
            boolean covered = false;
            for (String t : targets) {
                covered |= t.equals(tool) || (Globs.isGlob(t) && Globs.matches(t, tool));
            }
            if (!covered) {
                uncovered.add(tool);
            }
        }
        return uncovered;
    }

    private static void report(Policy policy, List<String> uncovered, Diagnostics diagnostics) {
        String them = uncovered.size() == 1 ? "it" : "them";
        Span at = policy.schemaFiles().isEmpty() ? policy.span() : policy.schemaFiles().get(0).span();
        diagnostics.add(new Diagnostic(DiagnosticKind.UNCOVERED_TOOL, at, (uncovered.size() == 1 ? "tool '"
                + uncovered.get(0) + "' is" : uncovered.size() + " tools are") + " in the schemas but no rule mentions "
                + them + (uncovered.size() == 1 ? "" : ": " + UnknownToolCheck.list(new LinkedHashSet<>(uncovered))),
                "the default (allow) allows every call to " + them + ", with no condition or limit;"
                        + " add a tool block, or hide " + them));
    }
}
