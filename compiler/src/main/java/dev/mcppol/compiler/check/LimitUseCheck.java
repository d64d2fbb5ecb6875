package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.ToolLimit;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Every limit a rule or tool uses is declared (front ends other than the DSL rely on this). */
public final class LimitUseCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        Map<String, ?> byName = policy.limitsByName();
        for (Rule r : policy.rules()) {
            for (String l : r.limits()) {
                if (byName.get(l) == null) {
                    diagnostics.error(DiagnosticKind.UNKNOWN_LIMIT, r.span(), "no limit named '" + l + "'");
                }
            }
        }
        for (ToolLimit t : policy.toolLimits()) {
            if (byName.get(t.limit()) == null) {
                diagnostics.error(DiagnosticKind.UNKNOWN_LIMIT, t.span(), "no limit named '" + t.limit() + "'");
            }
        }
    }
}
