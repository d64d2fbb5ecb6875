package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.Scope;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * W106: a limit counted per identity in a policy that never looks at the identity. Whether a call
 * carries one is up to the deployment (the proxy's {@code --identity} flag or identity header);
 * without one, every call shares one anonymous counter and a per-person limit becomes a global one.
 * A policy that tests {@code identity} somewhere has thought about it and gets no warning.
 */
public final class IdentityScopeCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        if (mentionsIdentity(policy)) {
            return;
        }
        Set<String> used = LimitReachabilityCheck.used(policy);
        for (LimitDef l : policy.limits()) {
            if (l.spec().scope() == Scope.IDENTITY && used.contains(l.name())) {
                diagnostics.add(new Diagnostic(DiagnosticKind.IDENTITY_MAY_BE_ABSENT, l.span(), "limit '"
                        + (l.spec().shared() ? l.name() : l.spec().text()) + "' counts per identity, but nothing"
                        + " in the policy makes calls carry one", "the identity comes from the proxy's --identity"
                        + " flag or identity header; when it is absent all calls share one anonymous counter."
                        + " Deny calls without one (deny when not identity exists), or count per session"));
            }
        }
    }

    private static boolean mentionsIdentity(Policy policy) {
        boolean[] seen = {false};
        for (Rule r : policy.rules()) {
            Conditions.eachAtom(r.when(), (a, negated) -> seen[0] |= a.atom() instanceof Atom.Check c
                    && c.operand() instanceof Operand.Identity);
        }
        return seen[0];
    }
}
