package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.schema.MethodCatalog;
import dev.mcppol.runtime.mcp.UriTemplate;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * E134: a condition in a {@code resource "GLOB"} block on a name that is neither {@code uri} nor a
 * variable of a template the snapshot lists and the glob can reach. At run time such a name is bound
 * by no template, so the condition only ever sees it missing: a typo ({@code resourceid}) would
 * silently make a deny rule never fire.
 */
final class TemplateVariableCheck {

    private final MethodCatalog catalog;

    TemplateVariableCheck(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    void run(MethodRules section, Diagnostics diagnostics) {
        Set<String> reported = new HashSet<>();
        for (Rule r : section.rules()) {
            List<String> reached = new ArrayList<>();
            Set<String> variables = new TreeSet<>();
            for (String t : catalog.templates()) {
                if (Globs.matches(r.target(), t) || MethodCatalogCheck.mayOverlap(r.target(), t)) {
                    reached.add(t);
                    UriTemplate parsed = UriTemplate.parse(t);
                    if (parsed != null) {
                        variables.addAll(parsed.variables());
                    }
                }
            }
            for (Condition.AtomCond a : Conditions.atoms(r.when())) {
                String name = firstKey(a.atom());
                if (name == null || name.equals("uri") || variables.contains(name)
                        || !reported.add(r.target() + "\u0000" + name + "\u0000" + a.span())) {
                    continue;
                }
                Set<String> candidates = new TreeSet<>(variables);
                candidates.add("uri");
                String near = Suggestions.closest(name, candidates);
                String message = "'" + name + "' is not a variable of " + (reached.isEmpty()
                        ? "any template: the glob '" + r.target() + "' reaches no template the server lists, so its"
                        + " rules see only 'uri'"
                        : "the templates the glob '" + r.target() + "' reaches (" + String.join(", ", reached) + ")");
                diagnostics.add(new Diagnostic(DiagnosticKind.UNKNOWN_TEMPLATE_VARIABLE, a.span(), message,
                        near != null ? "did you mean '" + near + "'?" : "their variables: "
                                + String.join(", ", candidates)));
            }
        }
    }

    /** The argument name an atom reads ({@code resourceId} of {@code len(resourceId.x)}), or null. */
    private static String firstKey(Atom atom) {
        List<PathSeg> path = atom instanceof Atom.Check c ? Operand.argumentPath(c.operand()) : null;
        return path != null && !path.isEmpty() && path.get(0) instanceof PathSeg.Key k ? k.name() : null;
    }

}
