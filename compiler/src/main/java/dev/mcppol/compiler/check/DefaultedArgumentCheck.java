package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * W109: a test that holds for the {@code default} the tool's inputSchema gives an optional argument.
 * A call that leaves the argument out reads as missing to the policy (the test is false) and as the
 * default to a server that fills defaults in (pydantic, zod's {@code .default()}): where the decision
 * depends on it, the proxy denies the call as ambiguous ({@code mcppol:ambiguous-default}). Said so
 * the author can make the argument required instead of meeting those denials in production. Silent
 * where the schema's {@code required} or the tool's own {@code require} guarantees the argument.
 */
public final class DefaultedArgumentCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        ArgumentSites.each(policy, schemas, false, site -> {
            if (!(site.check().operand() instanceof Operand.Arg)
                    || !(site.path().get(site.path().size() - 1) instanceof PathSeg.Key last)) {
                return; // a length or a count reads the default otherwise; an element has no default of its own
            }
            List<PathSeg> parent = site.path().subList(0, site.path().size() - 1);
            for (Map.Entry<String, JsonNode> e : site.roots().entrySet()) {
                String tool = e.getKey();
                if (SchemaPath.requiredPath(e.getValue(), site.path())
                        || NegationCheck.policyRequires(policy, tool, site.path())
                        || !(SchemaPath.resolve(e.getValue(), parent) instanceof SchemaPath.Found found)) {
                    continue;
                }
                for (JsonNode s : found.schemas()) {
                    JsonNode member = s.path("properties").path(last.name());
                    JsonNode dflt = member.isObject() ? member.get("default") : null;
                    if (dflt == null || !ReferenceInterpreter.holds(site.check().test(), dflt)) {
                        continue;
                    }
                    String path = site.pathText();
                    diagnostics.add(new Diagnostic(DiagnosticKind.TEST_OF_DEFAULTED, site.atom().span(),
                            "'" + path + "' has the default " + dflt + " in the inputSchema of tool '" + tool + "', and `"
                                    + site.check().key() + "` holds for it: a call that leaves it out is missing '"
                                    + path + "' to rule '" + site.rule().id() + "' but " + dflt + " to a server that"
                                    + " fills in defaults, so where that changes the decision the proxy denies the call"
                                    + " as ambiguous (mcppol:ambiguous-default)",
                            "add `require " + path + "` to the tool block, so that calls must say it"));
                    return;
                }
            }
        });
    }
}
