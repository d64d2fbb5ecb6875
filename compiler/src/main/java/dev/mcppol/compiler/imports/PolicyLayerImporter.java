package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.imports.InterceptConditions.ArgCondition;
import dev.mcppol.compiler.imports.InterceptConditions.Parsed;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PolicyLayer's JSON policies to IR: {@code version} and {@code default} (both required),
 * {@code hide}, {@code all_tools: {limits}}, and per tool {@code require}, {@code deny_if},
 * {@code limits} and {@code approval}. A listed tool is allowed (under default deny, {@code {}}
 * allows it); its limits are consumed by every admitted call. Scope {@code grant}, the default, is
 * mcppol's {@code identity}.
 */
public final class PolicyLayerImporter {

    private static final Set<String> TOP_KEYS = Set.of("version", "default", "hide", "all_tools", "tools");
    private static final Set<String> ALL_TOOLS_KEYS = Set.of("limits");
    private static final Set<String> TOOL_KEYS = Set.of("require", "deny_if", "limits", "approval");
    private static final Set<String> LIMIT_KEYS = Set.of("counter", "window", "max", "scope");
    private static final Map<String, Long> WINDOWS = Map.of("second", 1_000L, "minute", 60_000L, "hour", 3_600_000L,
            "day", 86_400_000L);
    private static final Map<String, Scope> SCOPES = Map.of("grant", Scope.IDENTITY, "session", Scope.SESSION,
            "global", Scope.GLOBAL);

    private final Nodes nodes;
    private final IrBuilder ir;
    private final InterceptConditions conditions;
    /** PolicyLayer counter name to the mcppol limit it became: one counter, one limit, wherever used. */
    private final Map<String, String> counters = new HashMap<>();
    private boolean usesEquality;

    private PolicyLayerImporter(String file, Diagnostics diagnostics) {
        this.nodes = new Nodes(diagnostics);
        this.ir = new IrBuilder(file);
        this.conditions = new InterceptConditions(nodes);
    }

    /** The policy, or null when the file has errors (all of them reported). */
    public static Policy importText(String file, String text, Diagnostics diagnostics) {
        Diagnostics local = new Diagnostics();
        PNode root = PositionedReader.readJson(file, text, local);
        Policy p = root == null ? null : new PolicyLayerImporter(file, local).run(root);
        diagnostics.addAll(local);
        return local.hasErrors() ? null : p;
    }

    private Policy run(PNode rootNode) {
        PMap root = nodes.map(rootNode, "a PolicyLayer policy");
        if (root == null) {
            return null;
        }
        nodes.onlyKeys(root, TOP_KEYS, "the policy");
        PNode version = root.get("version");
        if (version == null) {
            nodes.error(DiagnosticKind.IMPORT_MISSING_KEY, root.span(), "the policy has no 'version'",
                    "add \"version\": \"1\"");
        } else {
            String v = nodes.text(version, "'version'");
            if (v != null && !v.equals("1")) {
                nodes.error(DiagnosticKind.IMPORT_BAD_VERSION, version.span(), "unsupported version '" + v + "'",
                        "PolicyLayer policies are version \"1\"");
            }
        }
        Effect def = null;
        PNode d = root.get("default");
        if (d == null) {
            nodes.error(DiagnosticKind.IMPORT_MISSING_KEY, root.span(), "the policy has no 'default'",
                    "add \"default\": \"deny\" (or \"allow\")");
        } else {
            String s = nodes.string(d, "'default'");
            if (s != null && (s.equals("allow") || s.equals("deny"))) {
                def = Effect.fromWord(s);
            } else if (s != null) {
                nodes.error(DiagnosticKind.IMPORT_BAD_DEFAULT, d.span(), "default must be \"allow\" or \"deny\", not '"
                        + s + "'");
            }
        }
        if (root.get("hide") != null) {
            hide(root.get("hide"));
        }
        if (root.get("all_tools") != null) {
            PMap all = nodes.map(root.get("all_tools"), "'all_tools'");
            if (all != null) {
                nodes.onlyKeys(all, ALL_TOOLS_KEYS, "'all_tools'");
                for (String limit : limits(all.get("limits"))) {
                    ir.toolLimit("*", limit, all.span());
                }
            }
        }
        if (root.get("tools") != null) {
            PMap tools = nodes.map(root.get("tools"), "'tools'");
            if (tools != null) {
                for (PNode.Entry e : tools.entries().values()) {
                    tool(e);
                }
            }
        }
        if (!ir.build(Effect.DENY).limits().isEmpty()) {
            ir.note("mcppol counts limits in exact sliding windows; a call counts when admitted, whatever the server "
                    + "answers.");
        }
        if (usesEquality) {
            ir.note("Equality is typed JSON equality: 5 equals 5.0 but \"5\" does not equal 5.");
        }
        return ir.build(def == null ? Effect.DENY : def);
    }

    private void hide(PNode node) {
        List<PNode> items = nodes.list(node, "'hide'");
        if (items == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (PNode item : items) {
            String name = nodes.string(item, "a 'hide' entry");
            if (name == null) {
                continue;
            }
            if (name.isEmpty()) {
                nodes.error(DiagnosticKind.IMPORT_BAD_HIDE, item.span(), "empty 'hide' entry");
            } else if (!seen.add(name)) {
                nodes.error(DiagnosticKind.IMPORT_BAD_HIDE, item.span(), "'" + name + "' is hidden twice");
            } else if (!Names.TOOL_NAME.matcher(name).matches()) {
                nodes.error(DiagnosticKind.INVALID_TOOL_NAME, item.span(), "'" + name + "' is not an MCP tool name");
            } else {
                ir.hide(name, item.span());
            }
        }
    }

    private void tool(PNode.Entry entry) {
        String name = entry.key();
        if (!Names.TOOL_NAME.matcher(name).matches()) {
            nodes.error(DiagnosticKind.INVALID_TOOL_NAME, entry.keySpan(), "'" + name + "' is not an MCP tool name",
                    "rules for every tool go under \"all_tools\"");
            return;
        }
        PMap tool = nodes.map(entry.value(), "tool '" + name + "'");
        if (tool == null) {
            return;
        }
        nodes.onlyKeys(tool, TOOL_KEYS, "tool '" + name + "'");
        if (tool.get("require") != null) {
            List<PNode> items = nodes.list(tool.get("require"), "'require'");
            for (PNode item : items == null ? List.<PNode>of() : items) {
                require(name, item);
            }
        }
        if (tool.get("deny_if") != null) {
            List<PNode> items = nodes.list(tool.get("deny_if"), "'deny_if'");
            for (PNode item : items == null ? List.<PNode>of() : items) {
                Parsed p = conditions.parse(item, false);
                if (p instanceof ArgCondition a) {
                    usesEquality |= List.of("eq", "neq", "in", "not_in", "contains").contains(a.op());
                    ir.rule(ir.names.positionId(a.span()), Effect.DENY, name, a.holds(), List.of(), null, a.span(),
                            RuleKind.RULE);
                }
            }
        }
        List<String> limits = limits(tool.get("limits"));
        if (tool.get("approval") != null) {
            Boolean approval = nodes.bool(tool.get("approval"), "'approval'");
            if (Boolean.TRUE.equals(approval)) {
                Span s = tool.entry("approval").keySpan();
                ir.rule(ir.names.positionId(s), Effect.ASK, name, Condition.TRUE, List.of(), "a person approves " + name,
                        s, RuleKind.RULE);
            }
        }
        // Listing a tool allows it; its limits ride on that allow, so every admitted call consumes them.
        ir.rule(ir.names.positionId(entry.keySpan()), Effect.ALLOW, name, Condition.TRUE, limits, null, entry.keySpan(),
                RuleKind.RULE);
    }

    private void require(String tool, PNode item) {
        String path = nodes.string(item, "a 'require' entry");
        if (path == null) {
            return;
        }
        String rest = path.startsWith("args.") ? path.substring(5) : null;
        if (rest == null || rest.isEmpty() || rest.startsWith(".") || rest.endsWith(".") || rest.contains("..")) {
            nodes.error(DiagnosticKind.IMPORT_BAD_PATH, item.span(), "required path '" + path + "' must be args.NAME");
            return;
        }
        List<PathSeg> segs = new ArrayList<>();
        for (String s : rest.split("\\.")) {
            segs.add(new PathSeg.Key(s));
        }
        Condition missing = new Condition.Not(new Condition.AtomCond(new Atom.Check(new Operand.Arg(segs),
                new ValueTest.Exists()), item.span()));
        ir.rule(ir.names.positionId(item.span()), Effect.DENY, tool, missing, List.of(), "missing required argument '"
                + rest + "'", item.span(), RuleKind.REQUIRE);
    }

    /** The mcppol limit names of a {@code limits} list, declaring each counter once. */
    private List<String> limits(PNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        List<PNode> items = nodes.list(node, "'limits'");
        for (PNode item : items == null ? List.<PNode>of() : items) {
            PMap m = nodes.map(item, "a limit");
            if (m == null) {
                continue;
            }
            nodes.onlyKeys(m, LIMIT_KEYS, "a limit");
            boolean ok = true;
            PNode c = m.get("counter");
            String counter = c == null ? null : nodes.string(c, "'counter'");
            if (counter == null || counter.isBlank()) {
                nodes.error(DiagnosticKind.IMPORT_BAD_COUNTER, c == null ? m.span() : c.span(),
                        "the limit needs a non-empty 'counter'");
                ok = false;
            }
            PNode w = m.get("window");
            String ws = w == null ? null : nodes.string(w, "'window'");
            if (ws == null || !WINDOWS.containsKey(ws)) {
                nodes.error(DiagnosticKind.IMPORT_BAD_WINDOW, w == null ? m.span() : w.span(), w == null
                        ? "the limit needs a 'window'" : "window must be second, minute, hour or day, not "
                        + w.describe());
                ok = false;
            }
            PNode mx = m.get("max");
            if (mx == null || !(mx instanceof PScalar s && s.kind() == PNode.ScalarKind.INTEGER
                    && s.number().signum() >= 0 && s.number().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) <= 0)) {
                nodes.error(DiagnosticKind.IMPORT_BAD_LIMIT, mx == null ? m.span() : mx.span(), mx == null
                        ? "the limit needs 'max'" : "max must be a whole number of calls, not " + mx.describe());
                ok = false;
            }
            Scope scope = Scope.IDENTITY;
            PNode sc = m.get("scope");
            if (sc != null) {
                String s = nodes.string(sc, "'scope'");
                if (s != null && SCOPES.containsKey(s)) {
                    scope = SCOPES.get(s);
                } else {
                    if (s != null) {
                        nodes.error(DiagnosticKind.IMPORT_BAD_LIMIT, sc.span(), "scope must be grant, session or "
                                + "global, not '" + s + "'");
                    }
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            LimitSpec spec = new LimitSpec("_", true, List.of(), ((PScalar) mx).number(), WINDOWS.get(ws), scope);
            String existing = counters.get(counter);
            if (existing != null) {
                LimitDef prev = ir.limit(existing);
                if (!IrBuilder.withName(prev.spec(), "_", true).equals(spec)) {
                    nodes.error(DiagnosticKind.IMPORT_DUPLICATE_COUNTER, c.span(), "counter '" + counter
                            + "' is declared differently at line " + prev.span().line(),
                            "a counter is one limit wherever it is used; give both the same window, max and scope");
                    continue;
                }
                out.add(existing);
            } else {
                String name = ir.namedLimit(counter, spec, m.span());
                counters.put(counter, name);
                out.add(name);
            }
        }
        return out;
    }
}
