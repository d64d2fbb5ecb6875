package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.model.MethodKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the decision diagrams once, for the reachability checks and the bundle. It runs after
 * the checks even when they reported errors, since the reachability warnings are reported with them;
 * it reports nothing itself: a policy whose limits are not all declared (the checks said so) has no
 * diagrams, and one over the node budget has the reason, which the bundle stage reports.
 */
final class DiagramStage implements Stage {

    static final String NAME = "diagrams";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> needs() {
        return List.of(ResolveStage.NAME);
    }

    @Override
    public Compilation run(Compilation in) {
        Policy policy = in.policy();
        int budget = in.options().nodeBudget();
        Bundle tools = null;
        String tooLarge = null;
        if (limitsResolved(policy)) {
            try {
                tools = new DiagramCompiler(budget).compile(policy, in.schemas());
            } catch (DiagramCompiler.TooLarge e) {
                tooLarge = e.getMessage();
            }
        }
        Map<MethodKind, Bundle> sections = new EnumMap<>(MethodKind.class);
        for (MethodRules m : policy.methods()) {
            Bundle section = tools != null ? tools.method(m.kind()) : sectionAlone(m.asPolicy(policy), budget);
            if (section != null) {
                sections.put(m.kind(), section);
            }
        }
        return in.withDiagrams(new Diagrams(tools, sections, tooLarge));
    }

    /** A section's diagrams when the policy's as a whole could not be built (another part is too large). */
    private static Bundle sectionAlone(Policy section, int budget) {
        if (!limitsResolved(section)) {
            return null;
        }
        try {
            return new DiagramCompiler(budget).compile(section, Map.of());
        } catch (DiagramCompiler.TooLarge e) {
            return null;
        }
    }

    /** The diagram compiler assumes every limit a rule or tool block names is declared. */
    private static boolean limitsResolved(Policy policy) {
        Map<String, ?> byName = policy.limitsByName();
        for (Rule r : policy.rules()) {
            for (String l : r.limits()) {
                if (byName.get(l) == null) {
                    return false;
                }
            }
        }
        for (ToolLimit t : policy.toolLimits()) {
            if (byName.get(t.limit()) == null) {
                return false;
            }
        }
        return true;
    }
}
