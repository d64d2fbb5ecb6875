package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.check.Checks;
import dev.mcppol.compiler.check.DiagramCheck;
import dev.mcppol.compiler.check.ReachableLeaves;
import dev.mcppol.compiler.check.RuleReachabilityCheck;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The checks that read the diagrams the previous stage built (W101–W104): on the tools' diagrams, and
 * the rule check on each section's own.
 */
final class ReachabilityStage implements Stage {

    static final String NAME = "reachability";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> needs() {
        return List.of(DiagramStage.NAME);
    }

    @Override
    public Compilation run(Compilation in) {
        Diagnostics d = new Diagnostics();
        Policy policy = in.policy();
        Diagrams diagrams = in.diagrams();
        Optional<ReachableLeaves> tools = Optional.ofNullable(diagrams.tools())
                .map(b -> ReachableLeaves.of(b, policy));
        for (DiagramCheck c : Checks.onDiagrams()) {
            c.run(policy, tools, d);
        }
        for (MethodRules m : policy.methods()) {
            Policy section = m.asPolicy(policy);
            new RuleReachabilityCheck().run(section, Optional.ofNullable(diagrams.sections().get(m.kind()))
                    .map(b -> ReachableLeaves.of(b, section)), d);
        }
        return in.report(d);
    }
}
