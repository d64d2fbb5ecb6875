package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.Globs;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules that can never fire, most specific reason first (one warning per rule):
 * W101 an unconditional deny (or {@code hide}) on the same tool takes every call first;
 * W102 the condition contradicts itself ({@code a < 1 and a > 2});
 * W103 the decision diagrams never let the rule decide a call (a rule of higher precedence always
 * matches with it, or its atoms exclude each other).
 */
public final class RuleReachabilityCheck implements DiagramCheck {

    @Override
    public void run(Policy policy, Optional<ReachableLeaves> reached, Diagnostics diagnostics) {
        List<Rule> rules = policy.rules();
        ReachableLeaves known = reached.orElse(null);
        // Unconditional denies, by exact target and as globs: each rule then looks at its own
        // tool's few, not at every rule (10,000 rules must not mean 10^8 comparisons).
        Map<String, Rule> denyByTool = new java.util.HashMap<>();
        List<Rule> denyGlobs = new java.util.ArrayList<>();
        for (Rule d : rules) {
            if (d.effect() == Effect.DENY && Condition.TRUE.equals(d.when())) {
                if (Globs.isGlob(d.target())) {
                    denyGlobs.add(d);
                } else {
                    denyByTool.putIfAbsent(d.target(), d);
                }
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (r.kind() == RuleKind.HIDE) {
                continue;
            }
            Rule shadow = r.effect() == Effect.DENY ? null : shadowingDeny(r, denyByTool, denyGlobs);
            if (shadow != null) {
                String by = shadow.kind() == RuleKind.HIDE ? "tool '" + r.target() + "' is hidden at "
                        + shadow.span().location() : "the deny rule '" + shadow.id() + "' at "
                        + shadow.span().location() + " denies every call to '" + shadow.target() + "'";
                diagnostics.add(new Diagnostic(DiagnosticKind.SHADOWED_RULE, r.span(), "rule '" + r.id()
                        + "' can never fire: " + by, "deny takes precedence over " + r.effect().word()
                        + " whatever the rule order; remove this rule or give the deny a condition"));
                continue;
            }
            Contradictions.Conflict conflict = Contradictions.find(r.when());
            if (conflict != null) {
                diagnostics.add(contradiction(r, conflict));
                continue;
            }
            if (known != null && !known.rules().contains(i)) {
                // Decisions name the first deciding rule in source order, so a rule an earlier rule of
                // the same effect always covers decides nothing either (its limits still apply).
                diagnostics.add(new Diagnostic(DiagnosticKind.RULE_NEVER_DECIDES, r.span(), "rule '" + r.id()
                        + "' never decides a call", r.effect() == Effect.DENY
                        ? "an earlier deny rule matches every call this one matches, or its condition can never hold"
                        : "whenever it matches, a rule that takes precedence (deny over ask over allow, then the "
                        + "earlier rule) matches too, or its condition can never hold"));
            }
        }
    }

    private static Diagnostic contradiction(Rule r, Contradictions.Conflict k) {
        if (k.first() == null) {
            return new Diagnostic(DiagnosticKind.CONTRADICTORY_CONDITION, r.span(), "rule '" + r.id()
                    + "' can never fire: its condition is always false", null);
        }
        return new Diagnostic(DiagnosticKind.CONTRADICTORY_CONDITION, k.second().span(), "rule '" + r.id()
                + "' can never fire: '" + key(k.second()) + "' contradicts '" + key(k.first()) + "' at "
                + k.first().span().location(), "no value satisfies both; did you mean 'or'?");
    }

    private static String key(Condition.AtomCond a) {
        Atom atom = a.atom();
        return atom.key();
    }

    /** An unconditional deny whose target covers every tool this rule's target does. */
    private static Rule shadowingDeny(Rule r, Map<String, Rule> denyByTool, List<Rule> denyGlobs) {
        Rule exact = denyByTool.get(r.target());
        if (exact != null && exact != r) {
            return exact;
        }
        for (Rule d : denyGlobs) {
            if (d != r && covers(d.target(), r.target())) {
                return d;
            }
        }
        return null;
    }

    private static boolean covers(String outer, String inner) {
        return outer.equals(inner) || outer.equals("*") || (Globs.isGlob(outer) && !Globs.isGlob(inner)
                && Globs.matches(outer, inner));
    }
}
