package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.compiler.ir.Hidden;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.schema.MethodCatalog;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.MethodKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Resource and prompt rules against what the server lists (a {@code schema pull} snapshot):
 * E131 a prompt the server does not offer (with "did you mean"); prompt arguments checked like tool
 * arguments (E102 unknown, E105 {@code require} of an undeclared one); W130 a resource glob that
 * matches no listed resource or template; E134 a condition on a template variable no template the
 * glob reaches declares ({@link TemplateVariableCheck}).
 */
public final class MethodCatalogCheck implements Check {

    private final MethodCatalog catalog;

    public MethodCatalogCheck(MethodCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        MethodRules prompts = policy.method(MethodKind.PROMPTS);
        if (prompts != null && catalog.prompts() != null) {
            prompts(policy, prompts, diagnostics);
        }
        MethodRules resources = policy.method(MethodKind.RESOURCES);
        if (resources != null && catalog.resources()) {
            resources(resources, diagnostics);
            new TemplateVariableCheck(catalog).run(resources, diagnostics);
        }
    }

    private void prompts(Policy policy, MethodRules section, Diagnostics diagnostics) {
        Set<String> known = catalog.prompts().keySet();
        Set<String> reported = new HashSet<>();
        for (Rule r : section.rules()) {
            unknownPrompt(r.target(), r.targetSpan(), known, reported, diagnostics);
        }
        for (Hidden h : section.hidden()) {
            unknownPrompt(h.pattern(), h.span(), known, reported, diagnostics);
        }
        Policy asPolicy = section.asPolicy(policy);
        Map<String, JsonNode> promptSchemas = catalog.promptSchemas();
        for (Check c : List.of(new UnknownArgumentCheck(), new RequireCheck())) {
            c.run(asPolicy, promptSchemas, diagnostics);
        }
    }

    private static void unknownPrompt(String target, Span span, Set<String> known, Set<String> reported,
                                      Diagnostics diagnostics) {
        boolean found = Globs.isGlob(target) ? known.stream().anyMatch(k -> Globs.matches(target, k))
                : known.contains(target);
        if (found || !reported.add(target)) {
            return;
        }
        String near = Suggestions.closest(target, known);
        diagnostics.add(new Diagnostic(DiagnosticKind.UNKNOWN_PROMPT, span, "the server lists no prompt "
                + (Globs.isGlob(target) ? "matching " : "") + "'" + target + "'",
                near != null ? "did you mean '" + near + "'?" : "its prompts: " + String.join(", ", known)));
    }

    private void resources(MethodRules section, Diagnostics diagnostics) {
        Set<String> reported = new HashSet<>();
        for (Rule r : section.rules()) {
            globMatchesSomething(r.target(), r.targetSpan(), reported, diagnostics);
        }
        for (Hidden h : section.hidden()) {
            globMatchesSomething(h.pattern(), h.span(), reported, diagnostics);
        }
    }

    private void globMatchesSomething(String glob, Span span, Set<String> reported, Diagnostics diagnostics) {
        for (String uri : catalog.uris()) {
            if (glob.equals(uri) || Globs.matches(glob, uri)) {
                return;
            }
        }
        for (String template : catalog.templates()) {
            if (Globs.matches(glob, template) || mayOverlap(glob, template)) {
                return;
            }
        }
        if (reported.add(glob)) {
            diagnostics.add(new Diagnostic(DiagnosticKind.RESOURCE_GLOB_MATCHES_NOTHING, span, "resource glob '"
                    + glob + "' matches no resource or template the server lists", "the listed templates: "
                    + (catalog.templates().isEmpty() ? "(none)" : String.join(", ", catalog.templates()))));
        }
    }

    /** The glob and a template's URIs can meet: their fixed beginnings agree as far as both go. */
    static boolean mayOverlap(String glob, String template) {
        String g = literalPrefix(glob, "*?");
        String t = literalPrefix(template, "{");
        int n = Math.min(g.length(), t.length());
        return g.regionMatches(0, t, 0, n);
    }

    private static String literalPrefix(String s, String stops) {
        for (int i = 0; i < s.length(); i++) {
            if (stops.indexOf(s.charAt(i)) >= 0) {
                return s.substring(0, i);
            }
        }
        return s;
    }
}
