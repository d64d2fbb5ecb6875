package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * E105: {@code require x} names an argument the tool declares. Requiring an argument the schema
 * does not have denies every well-formed call: almost always a typo.
 */
public final class RequireCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        ArgumentSites.each(policy, schemas, true, site -> {
            if (site.missingEverywhere()) {
                SchemaPath.Missing m = site.firstMissing();
                diagnostics.error(DiagnosticKind.REQUIRE_UNDECLARED, site.atom().span(), "require '"
                        + site.pathText() + "': " + UnknownArgumentCheck.message(site.where(), site.path(), m),
                        help(UnknownArgumentCheck.help(site.path(), m)));
            }
        });
    }

    private static String help(String near) {
        String why = "a required argument no valid call carries denies every call";
        return near == null ? why : near + " (" + why + ")";
    }
}
