package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.compiler.imports.PNode.PList;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Span;
import java.util.List;
import java.util.Set;

/** Typed access to a {@link PNode} tree: each wrong shape is a diagnostic, and the caller gets null. */
final class Nodes {

    private final Diagnostics diagnostics;

    Nodes(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    void error(DiagnosticKind kind, Span span, String message) {
        diagnostics.error(kind, span, message);
    }

    void error(DiagnosticKind kind, Span span, String message, String help) {
        diagnostics.error(kind, span, message, help);
    }

    /** Every key not in {@code allowed} is an error: an ignored key could be an ignored deny. */
    void onlyKeys(PMap map, Set<String> allowed, String where) {
        for (PNode.Entry e : map.entries().values()) {
            if (!allowed.contains(e.key())) {
                String near = Suggestions.closest(e.key(), allowed);
                String exact = null;
                for (String a : allowed) {
                    if (a.equalsIgnoreCase(e.key())) {
                        exact = a;
                    }
                }
                String help = exact != null ? "keys are exact in mcppol (Intercept's decoder ignores case): write '"
                        + exact + "'" : near != null ? "did you mean '" + near + "'?" : "known keys: "
                        + String.join(", ", new java.util.TreeSet<>(allowed));
                error(DiagnosticKind.IMPORT_UNKNOWN_KEY, e.keySpan(), "unknown key '" + e.key() + "' in " + where,
                        help);
            }
        }
    }

    PMap map(PNode n, String what) {
        if (n instanceof PMap m) {
            return m;
        }
        error(DiagnosticKind.IMPORT_WRONG_TYPE, n.span(), what + " must be a mapping, not " + n.describe());
        return null;
    }

    /** A list; YAML's empty value ({@code rules:}) counts as an empty list, as it does in Go. */
    List<PNode> list(PNode n, String what) {
        if (n instanceof PList l) {
            return l.items();
        }
        if (n instanceof PScalar s && s.kind() == PNode.ScalarKind.NULL) {
            return List.of();
        }
        error(DiagnosticKind.IMPORT_WRONG_TYPE, n.span(), what + " must be a list, not " + n.describe());
        return null;
    }

    String string(PNode n, String what) {
        if (n instanceof PScalar s && s.isString()) {
            return s.text();
        }
        error(DiagnosticKind.IMPORT_WRONG_TYPE, n.span(), what + " must be a string, not " + n.describe());
        return null;
    }

    Boolean bool(PNode n, String what) {
        if (n instanceof PScalar s && s.kind() == PNode.ScalarKind.BOOLEAN) {
            return Boolean.valueOf(s.text());
        }
        error(DiagnosticKind.IMPORT_WRONG_TYPE, n.span(), what + " must be true or false, not " + n.describe());
        return null;
    }

    /** A string or a number given as its text (Go decodes {@code version: 1} into a string field too). */
    String text(PNode n, String what) {
        if (n instanceof PScalar s && (s.isString() || s.isNumber())) {
            return s.text();
        }
        error(DiagnosticKind.IMPORT_WRONG_TYPE, n.span(), what + " must be a string, not " + n.describe());
        return null;
    }
}
