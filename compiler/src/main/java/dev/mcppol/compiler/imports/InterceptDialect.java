package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The two Intercept YAML dialects: (a) Intercept's own schema ({@code version},
 * {@code action: evaluate|deny|require_approval}, {@code conditions}, {@code rate_limit: "N/unit"},
 * {@code state}, {@code on_deny}); (b) the dialect of its public policy pages ({@code action: allow|deny},
 * {@code rate_limit: {max, window}}, {@code validate: {required_args}}).
 */
enum InterceptDialect {
    OWN, PAGES;

    private record Signal(InterceptDialect dialect, String what, Span span) {
    }

    /**
     * DESIGN: a string rate_limit or a version key means Intercept's own schema, a map rate_limit
     * or validate the pages' dialect; keys and actions only one dialect has count too. Mixing is an
     * error (reported; the answer is then null).
     */
    static InterceptDialect detect(PMap root, Nodes nodes) {
        List<Signal> signals = new ArrayList<>();
        PNode.Entry version = root.entry("version");
        if (version != null) {
            signals.add(new Signal(OWN, "'version'", version.keySpan()));
        }
        allRuleSignals(root, signals);
        Signal own = signals.stream().filter(s -> s.dialect() == OWN).findFirst().orElse(null);
        Signal pages = signals.stream().filter(s -> s.dialect() == PAGES).findFirst().orElse(null);
        if (own != null && pages != null) {
            for (Signal s : signals) {
                if (s.dialect() == PAGES) {
                    nodes.error(DiagnosticKind.IMPORT_MIXED_DIALECTS, s.span(), s.what()
                            + " belongs to the dialect of Intercept's policy pages, but " + own.what() + " at line "
                            + own.span().line() + " to Intercept's own schema", "write the whole file in one dialect");
                }
            }
            return null;
        }
        return pages != null ? PAGES : OWN;
    }

    /** True when some rule has a key or action of one dialect only. */
    static boolean hasDialectRules(PMap root) {
        List<Signal> s = new ArrayList<>();
        allRuleSignals(root, s);
        return !s.isEmpty();
    }

    private static void allRuleSignals(PMap root, List<Signal> out) {
        if (root.get("tools") instanceof PMap tools) {
            for (PNode.Entry t : tools.entries().values()) {
                if (t.value() instanceof PMap tool && tool.get("rules") instanceof PNode.PList rules) {
                    for (PNode r : rules.items()) {
                        if (r instanceof PMap rule) {
                            ruleSignals(rule, out);
                        }
                    }
                }
            }
        }
    }

    private static void ruleSignals(PMap rule, List<Signal> out) {
        for (PNode.Entry e : rule.entries().values()) {
            switch (e.key()) {
                case "rate_limit" -> out.add(new Signal(e.value() instanceof PMap ? PAGES : OWN,
                        e.value() instanceof PMap ? "'rate_limit: {max, window}'" : "'rate_limit: \"N/unit\"'",
                        e.keySpan()));
                case "validate", "reason" -> out.add(new Signal(PAGES, "'" + e.key() + "'", e.keySpan()));
                case "conditions", "state", "on_deny" -> out.add(new Signal(OWN, "'" + e.key() + "'", e.keySpan()));
                case "action" -> {
                    if (e.value() instanceof PScalar s && s.isString()) {
                        InterceptAction a = InterceptAction.fromWord(s.text());
                        InterceptDialect only = a == null ? null : a.onlyDialect();
                        if (only != null) {
                            out.add(new Signal(only, "'action: " + s.text() + "'", e.value().span()));
                        }
                    }
                }
                default -> {
                }
            }
        }
    }
}
