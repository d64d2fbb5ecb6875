package dev.mcppol.compiler.dsl;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.model.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Name resolution of limits, apart from lowering: a limit may be used before its declaration, so
 * lowering only records each use, and {@link #resolve} checks them all once every statement is
 * lowered. A limit whose declaration was itself in error is known but broken: its uses are not
 * reported again as unknown.
 */
final class LimitNames {

    private record Use(String name, Span span) {
    }

    private final List<Use> uses = new ArrayList<>();
    private final Set<String> broken = new HashSet<>();

    void used(String name, Span span) {
        uses.add(new Use(name, span));
    }

    /** A declaration already reported as wrong (a syntax error in it, or a bad value). */
    void broken(String name) {
        broken.add(name);
    }

    /** Reports every use of a name that no declaration (good or broken) gives. */
    void resolve(Map<String, LimitDef> declared, Diagnostics diagnostics) {
        for (Use use : uses) {
            if (!declared.containsKey(use.name()) && !broken.contains(use.name())) {
                String near = Suggestions.closest(use.name(), declared.keySet());
                diagnostics.error(DiagnosticKind.UNKNOWN_LIMIT, use.span(), "no limit named '" + use.name() + "'",
                        near != null ? "did you mean '" + near + "'?"
                                : "declare it: limit " + use.name() + " = 10 per 1m per session");
            }
        }
    }
}
