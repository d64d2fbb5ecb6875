package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.Test;
import dev.mcppol.runtime.model.Texts;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * W105: {@code not (...)} and {@code !=} over an argument that may be missing. A test on a missing
 * argument is false, so its negation is true: {@code deny when not (path endsWith ".ipynb")} also
 * denies a call without {@code path}, and {@code allow when a != 1} allows one without {@code a}.
 * Silent where the schema's {@code required} or the policy's own {@code require} guarantees the argument.
 */
public final class NegationCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        ArgumentSites.each(policy, schemas, false, site -> {
            Test t = site.check().test();
            boolean negated = site.negated() ^ (t instanceof Test.Cmp c && c.op() == CmpOp.NE);
            if (!negated || t instanceof Test.Exists
                    || dev.mcppol.compiler.ir.Presence.guarded(site.rule().when(), site.atom())) {
                return; // `a not in [..]` carries its own presence guard: false when a is missing
            }
            for (Map.Entry<String, JsonNode> e : site.roots().entrySet()) {
                String tool = e.getKey();
                if (!(site.resolutions().get(tool) instanceof SchemaPath.Found)) {
                    continue;
                }
                if (!SchemaPath.requiredPath(e.getValue(), site.path()) && !policyRequires(policy, tool,
                        site.path())) {
                    String path = site.pathText();
                    diagnostics.add(new Diagnostic(DiagnosticKind.NEGATION_OF_OPTIONAL, site.atom().span(),
                            (site.negated() ? "not (" + site.check().key() + ")" : site.check().key())
                                    + " is true when '" + path + "' is missing, and tool '" + tool
                                    + "' does not require it",
                            "add `require " + path + "` to the tool block, or test `" + path + " exists and ...`"));
                    return;
                }
            }
        });
    }

    /** A {@code require} rule of the policy covers this tool and this exact path. */
    private static boolean policyRequires(Policy policy, String tool, List<dev.mcppol.runtime.model.PathSeg> path) {
        for (Rule r : policy.rules()) {
            if (r.kind() != RuleKind.REQUIRE || !(r.target().equals(tool) || (Globs.isGlob(r.target())
                    && Globs.matches(r.target(), tool)))) {
                continue;
            }
            if (r.when() instanceof Condition.Not n && n.operand() instanceof Condition.AtomCond a
                    && a.atom() instanceof Atom.Check c && c.operand() instanceof Operand.Arg arg
                    && Texts.path(arg.path()).equals(Texts.path(path))) {
                return true;
            }
        }
        return false;
    }
}
