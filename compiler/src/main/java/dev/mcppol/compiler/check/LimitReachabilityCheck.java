package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.ToolLimit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * W104: a limit that counts nothing: declared but used by no rule or tool, or used only where every
 * call is denied or asked (a hidden tool, an unconditional deny), so no allow leaf ever consumes it.
 */
public final class LimitReachabilityCheck implements DiagramCheck {

    @Override
    public void run(Policy policy, Optional<ReachableLeaves> reached, Diagnostics diagnostics) {
        Set<String> used = used(policy);
        ReachableLeaves known = reached.orElse(null);
        List<LimitDef> limits = policy.limits();
        for (int i = 0; i < limits.size(); i++) {
            LimitDef l = limits.get(i);
            if (!used.contains(l.name())) {
                diagnostics.add(new Diagnostic(DiagnosticKind.LIMIT_NEVER_APPLIES, l.span(), "limit '" + l.name()
                        + "' is declared but never used", "use it in a rule (allow limit " + l.name()
                        + ") or a tool block (limit " + l.name() + "), or delete it"));
            } else if (known != null && !known.limits().contains(i) && !usedByMethods(policy).contains(l.name())) {
                diagnostics.add(new Diagnostic(DiagnosticKind.LIMIT_NEVER_APPLIES, l.span(), "limit '"
                        + (l.spec().shared() ? l.name() : l.spec().text()) + "' never applies: every call it"
                        + " would count is denied or asked first", "limits are consumed by allowed calls only;"
                        + " a hidden or always-denied tool never reaches them"));
            }
        }
    }

    /** Limits rules of other kinds of request use (their diagrams are not the tools'). */
    private static Set<String> usedByMethods(Policy policy) {
        Set<String> used = new HashSet<>();
        for (dev.mcppol.compiler.ir.MethodRules m : policy.methods()) {
            m.rules().forEach(r -> used.addAll(r.limits()));
            m.limits().forEach(t -> used.add(t.limit()));
        }
        return used;
    }

    static Set<String> used(Policy policy) {
        Set<String> used = usedByMethods(policy);
        for (Rule r : policy.rules()) {
            used.addAll(r.limits());
        }
        for (ToolLimit t : policy.toolLimits()) {
            used.add(t.limit());
        }
        return used;
    }
}
