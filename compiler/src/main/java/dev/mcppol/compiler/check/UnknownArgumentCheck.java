package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Texts;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * E102: a condition's argument path exists in the tool's inputSchema (nested through properties,
 * items and $ref). A condition on a path no call can have is always false: a deny that never fires.
 */
public final class UnknownArgumentCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        ArgumentSites.each(policy, schemas, false, site -> {
            if (site.missingEverywhere()) {
                SchemaPath.Missing m = site.firstMissing();
                diagnostics.error(DiagnosticKind.UNKNOWN_ARGUMENT, site.atom().span(),
                        message(site.where(), site.path(), m), help(site.path(), m));
            }
        });
    }

    static String message(String where, java.util.List<PathSeg> path, SchemaPath.Missing m) {
        String full = Texts.path(path);
        if (m.parentIs() != null) {
            String parent = Texts.path(path.subList(0, m.segment()));
            return "'" + parent + "' is " + m.parentIs() + " in " + where + ", so '" + full + "' never exists";
        }
        if (m.segment() == 0) {
            return where + " has no argument '" + full + "'";
        }
        return where + " has no argument '" + full + "': '" + Texts.path(path.subList(0, m.segment()))
                + "' declares no " + path.get(m.segment()).text().replaceFirst("^\\.", "key ");
    }

    static String help(java.util.List<PathSeg> path, SchemaPath.Missing m) {
        if (m.parentIs() != null) {
            return null;
        }
        PathSeg seg = path.get(m.segment());
        if (seg instanceof PathSeg.Key k) {
            String near = Suggestions.closest(k.name(), m.known());
            if (near != null) {
                java.util.List<PathSeg> fixed = new java.util.ArrayList<>(path.subList(0, m.segment() + 1));
                fixed.set(m.segment(), new PathSeg.Key(near));
                return "did you mean '" + Texts.path(fixed) + "'?";
            }
        }
        return m.known().isEmpty() ? "it declares no arguments there" : "declared there: "
                + String.join(", ", m.known());
    }
}
