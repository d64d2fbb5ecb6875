package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The structural checks of tool rules, run on each section of another kind of request (resources,
 * prompts, sampling, …) as a policy of its own: undeclared limits, and rules that can never fire
 * (shadowed by an unconditional deny or a hide, contradictory, never deciding).
 */
public final class MethodSectionChecks implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        for (MethodRules m : policy.methods()) {
            Policy section = m.asPolicy(policy);
            for (Check c : List.of(new LimitUseCheck(), new RuleReachabilityCheck(new DiagramFacts()))) {
                c.run(section, Map.of(), diagnostics);
            }
        }
    }
}
