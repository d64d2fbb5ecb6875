package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.model.Effect;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What both Intercept dialects share: the top level ({@code version}, {@code description},
 * {@code default}, {@code hide}, {@code tools}), the walk over each tool's rules, rule names, and
 * the notes on semantics that differ from Intercept's. A dialect's subclass reads one rule.
 */
abstract class InterceptBase {

    private static final Set<String> TOP_KEYS = Set.of("version", "description", "default", "hide", "tools");
    private static final Set<String> TOOL_KEYS = Set.of("rules");

    /** Counted in Intercept's calendar windows; the keys of its rate limits and state blocks. */
    static final Map<String, Long> WINDOWS = Map.of("minute", 60_000L, "hour", 3_600_000L, "day", 86_400_000L);

    protected final Nodes nodes;
    protected final Diagnostics diagnostics;
    protected final IrBuilder ir;
    protected boolean usesLimits;
    protected boolean usesEquality;
    protected boolean usesBudgets;

    protected InterceptBase(String file, Nodes nodes) {
        this.nodes = nodes;
        this.diagnostics = nodes.diagnostics();
        this.ir = new IrBuilder(file);
    }

    /** Reads one rule of {@code tool} into the IR, or reports why it cannot. */
    protected abstract void rule(String tool, PMap rule);

    /** True when the file must carry {@code version} (Intercept's own schema, when it has rules). */
    protected abstract boolean needsVersion(PMap root);

    /** The policy; null or partial when errors were reported. */
    final Policy run(PMap root) {
        nodes.onlyKeys(root, TOP_KEYS, "the policy");
        version(root);
        Effect def = defaultEffect(root);
        if (root.get("description") != null) {
            String d = nodes.string(root.get("description"), "'description'");
            if (d != null && !d.isBlank()) {
                ir.note("description: " + d);
            }
        }
        if (root.get("hide") != null) {
            hide(root.get("hide"));
        }
        if (root.get("tools") != null) {
            PMap tools = nodes.map(root.get("tools"), "'tools'");
            if (tools != null) {
                for (PNode.Entry e : tools.entries().values()) {
                    tool(e, def);
                }
            }
        }
        notes();
        return ir.build(def == null ? Effect.ALLOW : def);
    }

    private void version(PMap root) {
        PNode.Entry v = root.entry("version");
        if (v == null) {
            if (needsVersion(root)) {
                nodes.error(DiagnosticKind.IMPORT_BAD_VERSION, root.span(), "the policy has no 'version'",
                        "add version: \"1\"");
            }
            return;
        }
        String text = nodes.text(v.value(), "'version'");
        if (text != null && !text.equals("1")) {
            nodes.error(DiagnosticKind.IMPORT_BAD_VERSION, v.value().span(), "unsupported version '" + text
                    + "'", "Intercept's schema is version \"1\"");
        }
    }

    private Effect defaultEffect(PMap root) {
        PNode d = root.get("default");
        if (d == null) {
            return Effect.ALLOW;
        }
        String s = nodes.string(d, "'default'");
        if (s == null) {
            return null;
        }
        if (!s.equals("allow") && !s.equals("deny")) {
            nodes.error(DiagnosticKind.IMPORT_BAD_DEFAULT, d.span(), "default must be \"allow\" or \"deny\", not '" + s
                    + "'");
            return null;
        }
        return Effect.fromWord(s);
    }

    private void hide(PNode node) {
        List<PNode> items = nodes.list(node, "'hide'");
        if (items == null) {
            return;
        }
        Map<String, Span> seen = new HashMap<>();
        for (PNode item : items) {
            String name = nodes.string(item, "a 'hide' entry");
            if (name == null) {
                continue;
            }
            if (name.isEmpty()) {
                nodes.error(DiagnosticKind.IMPORT_BAD_HIDE, item.span(), "empty 'hide' entry");
            } else if (seen.containsKey(name)) {
                nodes.error(DiagnosticKind.IMPORT_BAD_HIDE, item.span(), "'" + name + "' is already hidden at line "
                        + seen.get(name).line());
            } else if (!name.equals("*") && !Names.TOOL_NAME.matcher(name).matches()) {
                nodes.error(DiagnosticKind.INVALID_TOOL_NAME, item.span(), "'" + name + "' is not an MCP tool name",
                        "hide takes tool names or \"*\"");
            } else {
                seen.put(name, item.span());
                ir.hide(name, item.span());
            }
        }
    }

    private void tool(PNode.Entry entry, Effect def) {
        String name = entry.key();
        if (!name.equals("*") && !Names.TOOL_NAME.matcher(name).matches()) {
            nodes.error(DiagnosticKind.INVALID_TOOL_NAME, entry.keySpan(), "'" + name + "' is not an MCP tool name",
                    "tool names are 1 to 128 of A-Z a-z 0-9 _ . -, or \"*\" for every tool");
            return;
        }
        List<PNode> rules = List.of();
        if (!(entry.value() instanceof PScalar s && s.kind() == PNode.ScalarKind.NULL)) {
            PMap tool = nodes.map(entry.value(), "tool '" + name + "'");
            if (tool == null) {
                return;
            }
            nodes.onlyKeys(tool, TOOL_KEYS, "tool '" + name + "'");
            if (tool.get("rules") != null) {
                rules = nodes.list(tool.get("rules"), "'rules'");
                if (rules == null) {
                    return;
                }
            }
        }
        for (PNode r : rules) {
            PMap rule = nodes.map(r, "a rule");
            if (rule != null) {
                rule(name, rule);
            }
        }
        // Listing a tool allows it under default deny (`rules: []` is Intercept's allowlist);
        // "*" is not a listing: an unlisted tool is denied before the "*" rules run. A tool always
        // denied or sent for approval needs no allow (it could never decide).
        if (def == Effect.DENY && !name.equals("*") && !ir.hasAllow(name) && !ir.alwaysDecidedWithoutAllow(name)) {
            ir.rule(ir.names.positionId(entry.keySpan()), Effect.ALLOW, name, Condition.TRUE, List.of(), null,
                    entry.keySpan(), RuleKind.RULE);
        }
    }

    // ---- shared by the dialects ----

    protected void conflict(PNode.Entry entry, String message) {
        if (entry != null) {
            nodes.error(DiagnosticKind.IMPORT_CONFLICT, entry.keySpan(), message);
        }
    }

    protected String ruleId(String tool, PMap rule, boolean required) {
        PNode n = rule.get("name");
        if (n == null || n instanceof PScalar s && s.isString() && s.text().isBlank()) {
            if (required) {
                nodes.error(DiagnosticKind.IMPORT_UNNAMED_RULE, n == null ? rule.span() : n.span(),
                        "every rule needs a non-empty 'name'", "the name identifies the rule in decisions and logs");
                return null;
            }
            return ir.names.positionId(rule.span());
        }
        String name = nodes.string(n, "'name'");
        return name == null ? null : ir.names.ruleId(name, tool);
    }

    // ---- notes ----

    private void notes() {
        if (usesLimits) {
            ir.note("Intercept counts calls in fixed calendar windows (each minute, hour or day starts afresh); mcppol "
                    + "counts in exact sliding windows, so a burst across a window boundary is not admitted twice over.");
            ir.note("Intercept's rate_limit and state counters are shared by every session (mcppol scope global); "
                    + "calls count when admitted, whatever the server answers (Intercept refunds on a JSON-RPC error).");
        }
        if (usesBudgets) {
            ir.note("A negative, non-numeric or missing increment_from amount denies the call (Intercept would lower "
                    + "the counter on a negative amount).");
        }
        if (usesEquality) {
            ir.note("Equality is typed JSON equality: 5 equals 5.0 but \"5\" does not equal 5 (Intercept compares "
                    + "printed text).");
        }
    }
}
