package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.MethodKind;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.Texts;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The structural check of tool rules run on each section of another kind of request (resources,
 * prompts, sampling, …) as a policy of its own: undeclared limits. Whether its rules can fire is
 * {@link RuleReachabilityCheck}'s, run on the section's own diagrams. And E103 where the protocol
 * fixes the type: prompt arguments, a resource's {@code uri} and its template variables are strings
 * on the wire, so {@code count > 10} or {@code id == 5} never holds there.
 */
public final class MethodSectionChecks implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        for (MethodRules m : policy.methods()) {
            new LimitUseCheck().run(m.asPolicy(policy), Map.of(), diagnostics);
            if (m.kind() == MethodKind.PROMPTS || m.kind() == MethodKind.RESOURCES) {
                stringsOnTheWire(m, diagnostics);
            }
        }
    }

    private static void stringsOnTheWire(MethodRules m, Diagnostics diagnostics) {
        String what = m.kind() == MethodKind.PROMPTS ? "a prompt argument, a string in MCP"
                : "a resource's uri or template variable, a string in MCP";
        for (Rule r : m.rules()) {
            if (r.kind() == RuleKind.REQUIRE) {
                continue;
            }
            Conditions.eachAtom(r.when(), (a, negated) -> {
                if (a.atom() instanceof Atom.Check c && c.operand() instanceof Operand.Arg arg) {
                    String problem = TypeCheck.literalProblem(c.test());
                    if (problem == null) {
                        problem = TypeCheck.valueProblem("'" + Texts.path(arg.path()) + "' is " + what,
                                Set.of("string"), c.test());
                    }
                    if (problem != null) {
                        diagnostics.error(DiagnosticKind.TYPE_MISMATCH, a.span(), problem,
                                "compare with a string (\"10\"), a regex (matches /^[0-9]+$/) or the length: len(x) > 2");
                    }
                }
            });
        }
    }
}
