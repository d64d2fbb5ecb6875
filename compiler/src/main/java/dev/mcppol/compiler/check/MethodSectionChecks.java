package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The structural check of tool rules run on each section of another kind of request (resources,
 * prompts, sampling, …) as a policy of its own: undeclared limits. Whether its rules can fire is
 * {@link RuleReachabilityCheck}'s, run on the section's own diagrams.
 */
public final class MethodSectionChecks implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        for (MethodRules m : policy.methods()) {
            new LimitUseCheck().run(m.asPolicy(policy), Map.of(), diagnostics);
        }
    }
}
