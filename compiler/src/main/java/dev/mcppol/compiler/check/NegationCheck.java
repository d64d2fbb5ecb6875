package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.ValueTest;
import dev.mcppol.runtime.model.Texts;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * W105: {@code not (...)} over an argument that may be missing. A test on a missing argument is
 * false ({@code !=} and {@code not in} included: they are atoms of their own), so only an explicit
 * negation turns it true: {@code deny when not (path endsWith ".ipynb")} also denies a call without
 * {@code path}. Silent where the schema's {@code required} or the policy's own {@code require}
 * guarantees the argument, and where the rule cannot match without it anyway ({@code p exists and
 * not (...)}).
 */
public final class NegationCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        ArgumentSites.each(policy, schemas, false, site -> {
            ValueTest t = site.check().test();
            if (!site.negated() || t instanceof ValueTest.Exists || !matchesWithout(site.rule().when(), site.path())) {
                return;
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
                            "not (" + site.check().key() + ") is true when '" + path + "' is missing (the test "
                                    + "inside is false then), so rule '" + site.rule().id() + "' also matches calls "
                                    + "without it, and tool '" + tool + "' does not require it",
                            "add `require " + path + "` to the tool block, or test `" + path + " exists and ...`"));
                    return;
                }
            }
        });
    }

    /**
     * Whether the condition can still hold when the argument at {@code path} is missing: every test
     * of that path is then false (exists included), the other atoms stay free.
     */
    static boolean matchesWithout(Condition c, List<dev.mcppol.runtime.model.PathSeg> path) {
        return !(missing(c, path) instanceof Condition.Const k && !k.value());
    }

    private static Condition missing(Condition c, List<dev.mcppol.runtime.model.PathSeg> path) {
        return Conditions.substitute(c, a -> a.atom() instanceof Atom.Check k && k.operand() instanceof Operand.Arg arg
                && arg.path().equals(path) ? Condition.FALSE : a);
    }

    /** A {@code require} rule of the policy covers this tool and this exact path. */
    static boolean policyRequires(Policy policy, String tool, List<dev.mcppol.runtime.model.PathSeg> path) {
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
