package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.imports.InterceptConditions.ArgCondition;
import dev.mcppol.compiler.imports.InterceptConditions.Parsed;
import dev.mcppol.compiler.imports.InterceptConditions.StateCondition;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intercept YAML, both dialects, to IR. (a) Intercept's own schema ({@code version},
 * {@code action: evaluate|deny|require_approval}, {@code conditions}, {@code rate_limit: "N/unit"},
 * {@code state}, {@code on_deny}); (b) the dialect of its public policy pages ({@code action: allow|deny},
 * {@code rate_limit: {max, window}}, {@code validate: {required_args}}). Every problem is reported.
 */
public final class InterceptImporter {

    enum Dialect { OWN, PAGES }

    private static final Set<String> TOP_KEYS = Set.of("version", "description", "default", "hide", "tools");
    private static final Set<String> TOOL_KEYS = Set.of("rules");
    private static final Set<String> OWN_RULE_KEYS = Set.of("name", "action", "conditions", "rate_limit", "state",
            "on_deny");
    private static final Set<String> PAGES_RULE_KEYS = Set.of("name", "action", "rate_limit", "validate", "reason");
    private static final Set<String> STATE_KEYS = Set.of("counter", "window", "increment", "increment_from");
    private static final Set<String> PAGES_RATE_KEYS = Set.of("max", "window");
    private static final Set<String> VALIDATE_KEYS = Set.of("required_args");
    private static final Pattern RATE = Pattern.compile("([0-9]+)/([A-Za-z]+)");
    private static final Map<String, Long> WINDOWS = Map.of("minute", 60_000L, "hour", 3_600_000L, "day", 86_400_000L);
    private static final long MAX_WINDOW_SECONDS = 366L * 86_400L;

    private final String file;
    private final Nodes nodes;
    private final Diagnostics diagnostics;
    private final IrBuilder ir;
    private final InterceptConditions conditions;
    private Dialect dialect;
    /** Counters declared per Intercept key (tool or _global), to reject a second declaration. */
    private final Map<String, Span> counters = new HashMap<>();
    private boolean usesLimits;
    private boolean usesEquality;
    private boolean usesBudgets;

    private InterceptImporter(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.nodes = new Nodes(diagnostics);
        this.ir = new IrBuilder(file);
        this.conditions = new InterceptConditions(nodes);
    }

    /** The policy, or null when the file has errors (all of them reported). */
    public static Policy importText(String file, String text, Diagnostics diagnostics) {
        Diagnostics local = new Diagnostics();
        PNode root = PositionedReader.readYaml(file, text, local);
        Policy p = null;
        if (root != null) {
            p = new InterceptImporter(file, local).run(root);
        }
        diagnostics.addAll(local);
        return local.hasErrors() ? null : p;
    }

    private Policy run(PNode rootNode) {
        PMap root = nodes.map(rootNode, "an Intercept policy");
        if (root == null) {
            return null;
        }
        dialect = detect(root);
        if (dialect == null) {
            return null;
        }
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

    // ---- dialect ----

    private record Signal(Dialect dialect, String what, Span span) {
    }

    /**
     * DESIGN: a string rate_limit or a version key means Intercept's own schema, a map rate_limit
     * or validate the pages' dialect; keys and actions only one dialect has count too. Mixing is an error.
     */
    private Dialect detect(PMap root) {
        List<Signal> signals = new ArrayList<>();
        PNode.Entry version = root.entry("version");
        if (version != null) {
            signals.add(new Signal(Dialect.OWN, "'version'", version.keySpan()));
        }
        if (root.get("tools") instanceof PMap tools) {
            for (PNode.Entry t : tools.entries().values()) {
                if (t.value() instanceof PMap tool && tool.get("rules") instanceof PNode.PList rules) {
                    for (PNode r : rules.items()) {
                        if (r instanceof PMap rule) {
                            ruleSignals(rule, signals);
                        }
                    }
                }
            }
        }
        Signal own = signals.stream().filter(s -> s.dialect() == Dialect.OWN).findFirst().orElse(null);
        Signal pages = signals.stream().filter(s -> s.dialect() == Dialect.PAGES).findFirst().orElse(null);
        if (own != null && pages != null) {
            for (Signal s : signals) {
                if (s.dialect() == Dialect.PAGES) {
                    nodes.error(DiagnosticKind.IMPORT_MIXED_DIALECTS, s.span(), s.what()
                            + " belongs to the dialect of Intercept's policy pages, but " + own.what() + " at line "
                            + own.span().line() + " to Intercept's own schema", "write the whole file in one dialect");
                }
            }
            return null;
        }
        return pages != null ? Dialect.PAGES : Dialect.OWN;
    }

    private static void ruleSignals(PMap rule, List<Signal> out) {
        for (PNode.Entry e : rule.entries().values()) {
            switch (e.key()) {
                case "rate_limit" -> out.add(new Signal(e.value() instanceof PMap ? Dialect.PAGES : Dialect.OWN,
                        e.value() instanceof PMap ? "'rate_limit: {max, window}'" : "'rate_limit: \"N/unit\"'",
                        e.keySpan()));
                case "validate", "reason" -> out.add(new Signal(Dialect.PAGES, "'" + e.key() + "'", e.keySpan()));
                case "conditions", "state", "on_deny" -> out.add(new Signal(Dialect.OWN, "'" + e.key() + "'",
                        e.keySpan()));
                case "action" -> {
                    if (e.value() instanceof PScalar s && s.isString()) {
                        switch (s.text()) {
                            case "allow" -> out.add(new Signal(Dialect.PAGES, "'action: allow'", e.value().span()));
                            case "evaluate", "require_approval" -> out.add(new Signal(Dialect.OWN, "'action: "
                                    + s.text() + "'", e.value().span()));
                            default -> {
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    // ---- top level ----

    private void version(PMap root) {
        PNode.Entry v = root.entry("version");
        if (v == null) {
            if (dialect == Dialect.OWN && hasOwnRules(root)) {
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

    private static boolean hasOwnRules(PMap root) {
        List<Signal> s = new ArrayList<>();
        if (root.get("tools") instanceof PMap tools) {
            for (PNode.Entry t : tools.entries().values()) {
                if (t.value() instanceof PMap tool && tool.get("rules") instanceof PNode.PList rules) {
                    rules.items().stream().filter(r -> r instanceof PMap).forEach(r -> ruleSignals((PMap) r, s));
                }
            }
        }
        return !s.isEmpty();
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

    // ---- tools ----

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
                if (dialect == Dialect.OWN) {
                    ownRule(name, rule);
                } else {
                    pagesRule(name, rule);
                }
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

    // ---- Intercept's own schema ----

    private void ownRule(String tool, PMap rule) {
        nodes.onlyKeys(rule, OWN_RULE_KEYS, "a rule");
        String id = ruleId(tool, rule, true);
        String action = "evaluate";
        PNode actionNode = rule.get("action");
        if (actionNode != null) {
            String a = nodes.string(actionNode, "'action'");
            if (a != null && !List.of("evaluate", "deny", "require_approval").contains(a)) {
                nodes.error(DiagnosticKind.IMPORT_UNKNOWN_ACTION, actionNode.span(), "unknown action '" + a + "'",
                        "actions: evaluate (the default), deny, require_approval");
                a = null;
            }
            action = a;
        }
        String onDeny = rule.get("on_deny") == null ? null : nodes.string(rule.get("on_deny"), "'on_deny'");
        PNode.Entry condEntry = rule.entry("conditions");
        PNode.Entry rateEntry = rule.entry("rate_limit");
        PNode.Entry stateEntry = rule.entry("state");
        Span at = rule.span();

        List<ArgCondition> args = new ArrayList<>();
        List<StateCondition> states = new ArrayList<>();
        boolean condsOk = true;
        if (condEntry != null) {
            List<PNode> items = nodes.list(condEntry.value(), "'conditions'");
            if (items != null) {
                for (PNode c : items) {
                    Parsed p = conditions.parse(c, true);
                    if (p instanceof ArgCondition a) {
                        args.add(a);
                    } else if (p instanceof StateCondition s) {
                        states.add(s);
                    } else {
                        condsOk = false;
                    }
                }
            }
        }
        boolean hasConds = condEntry != null && condEntry.value() instanceof PNode.PList l && !l.items().isEmpty();
        RateLimit rate = rateEntry == null ? null : ownRateLimit(rateEntry.value());
        State state = stateEntry == null ? null : state(tool, stateEntry);
        boolean hasCondsNow = condEntry != null && condEntry.value() instanceof PNode.PList cl && !cl.items().isEmpty();
        if (rate != null && stateEntry == null && !hasCondsNow && "evaluate".equals(action)) {
            rateCounter(tool, rate); // what Intercept desugars: a conflicting rate_limit is an error of its own
        }

        if ("deny".equals(action)) {
            if (hasConds) {
                nodes.error(DiagnosticKind.IMPORT_DENY_WITH_CONDITIONS, condEntry.keySpan(),
                        "a deny rule always denies: it takes no conditions", "use action: evaluate, whose conditions "
                                + "must all hold or the call is denied");
            }
            conflict(rateEntry, "a deny rule takes no rate_limit");
            conflict(stateEntry, "a deny rule takes no state");
        } else if ("require_approval".equals(action)) {
            conflict(rateEntry, "a require_approval rule takes no rate_limit");
            conflict(stateEntry, "a require_approval rule takes no state");
        } else if ("evaluate".equals(action)) {
            if (!hasConds && rateEntry == null && stateEntry == null) {
                nodes.error(DiagnosticKind.IMPORT_EVALUATE_WITHOUT_CONDITIONS, actionNode != null ? actionNode.span()
                        : at, "an evaluate rule needs conditions (or a rate_limit)", "add conditions, or use "
                        + "action: deny to always deny");
            }
            if (rateEntry != null && hasConds) {
                conflict(rateEntry, "rate_limit cannot be combined with conditions");
            }
            if (rateEntry != null && stateEntry != null) {
                conflict(rateEntry, "rate_limit cannot be combined with state");
            }
        }
        for (StateCondition s : states) {
            if (stateEntry == null) {
                nodes.error(DiagnosticKind.IMPORT_STATE_WITHOUT_BLOCK, s.span(), "condition on state." + s.tool() + "."
                        + s.counter() + " but the rule has no 'state' block", "add state: {counter: " + s.counter()
                        + ", window: ...} to this rule");
            } else if (state != null && (!s.tool().equals(state.key()) || !s.counter().equals(state.counter()))) {
                nodes.error(DiagnosticKind.IMPORT_STATE_WITHOUT_BLOCK, s.span(), "condition on state." + s.tool() + "."
                        + s.counter() + " but this rule's state block counts state." + state.key() + "."
                        + state.counter(), "a rule's counter condition must name its own counter");
            }
        }
        if (action == null || id == null || !condsOk || diagnostics.hasErrors()) {
            return; // the policy is discarded anyway; keep reporting, stop building
        }
        List<Condition> holds = args.stream().map(ArgCondition::holds).toList();
        args.forEach(a -> usesEquality |= List.of("eq", "neq", "in", "not_in", "contains").contains(a.op()));
        for (ArgCondition a : args) {
            notePathPrefix(id, a);
        }
        switch (action) {
            case "deny" -> ir.rule(id, Effect.DENY, tool, Condition.TRUE, List.of(), onDeny, at, RuleKind.RULE);
            case "require_approval" -> {
                ir.rule(id, Effect.ASK, tool, Condition.and(holds), List.of(), onDeny, at, RuleKind.RULE);
                if (!holds.isEmpty()) {
                    ir.noteRule(id, "Intercept asks for approval when these conditions hold; so does mcppol");
                }
            }
            default -> evaluate(tool, id, holds, rate, state, states, onDeny, at);
        }
    }

    /**
     * Intercept's path prefixes ({@code regex: "^/data/work/"}) are imported unchanged, with its
     * semantics: a raw string match, which {@code /data/work/../other} passes. Say so, and name the
     * path-aware test that decides on the normalised path.
     */
    private void notePathPrefix(String id, ArgCondition a) {
        if (!"regex".equals(a.op()) || !(a.holds() instanceof Condition.AtomCond ac)
                || !(ac.atom() instanceof dev.mcppol.runtime.model.Atom.Check c)
                || !(c.test() instanceof dev.mcppol.runtime.model.Test.Matches m)) {
            return;
        }
        java.util.regex.Matcher prefix = java.util.regex.Pattern.compile("^\\^((?:/|file:)[A-Za-z0-9_./~-]*)")
                .matcher(m.regex());
        if (!prefix.find()) {
            return;
        }
        String raw = prefix.group(1).replace("\\.", ".");
        String base = raw.endsWith("/") && raw.length() > 1 ? raw.substring(0, raw.length() - 1) : raw;
        ir.noteRule(id, "regex " + m.regex() + " compares the raw path string, as Intercept does, so "
                + raw + (raw.endsWith("/") ? "" : "/") + "../x passes it; `" + c.operand().text() + " under "
                + dev.mcppol.runtime.model.Texts.quote(base) + "` would decide on the normalised path");
    }

    private void evaluate(String tool, String id, List<Condition> holds, RateLimit rate, State state,
                          List<StateCondition> states, String onDeny, Span at) {
        if (!holds.isEmpty()) {
            ir.rule(id, Effect.DENY, tool, new Condition.Not(Condition.and(holds)), List.of(), onDeny, at, RuleKind.RULE);
        }
        String allowId = holds.isEmpty() ? id : ir.names.ruleId(id + " (counter)", tool);
        boolean global = tool.equals("*");
        if (rate != null) {
            usesLimits = true;
            LimitSpec spec = new LimitSpec("_", false, List.of(), BigDecimal.valueOf(rate.max()), rate.windowMillis(),
                    Scope.GLOBAL);
            if (global) {
                ir.toolLimit("*", ir.namedLimit("_global_" + id, spec, rate.span()), rate.span(), allowId, onDeny);
            } else {
                String name = ir.inlineLimit(allowId, spec, rate.span());
                ir.rule(allowId, Effect.ALLOW, tool, Condition.TRUE, List.of(name), onDeny, at, RuleKind.RULE);
            }
        }
        if (state != null) {
            if (states.isEmpty()) {
                ir.noteRule(id, "counter state." + state.key() + "." + state.counter()
                        + " is incremented but no condition reads it; mcppol does not keep it");
                return;
            }
            usesLimits = true;
            List<String> used = new ArrayList<>();
            for (StateCondition s : states) {
                LimitSpec spec = counterSpec(id, state, s);
                if (spec == null) {
                    continue;
                }
                String name = ir.namedLimit(state.key() + "_" + state.counter(), spec, s.span());
                used.add(name);
                if (global) {
                    ir.toolLimit("*", name, s.span(), used.size() == 1 ? allowId
                            : ir.names.ruleId(allowId + " #" + used.size(), tool), onDeny);
                }
            }
            if (!global && !used.isEmpty()) {
                ir.rule(allowId, Effect.ALLOW, tool, Condition.TRUE, used, onDeny, at, RuleKind.RULE);
            }
        }
    }

    /**
     * The limit a counter condition means. Intercept compares the post-increment counter with the
     * bound, so with increment k: {@code lte N} admits floor(N/k) calls, {@code lt N} admits
     * ceil(N/k) - 1; a sum budget admits a total up to N ({@code lte}) or below N ({@code lt}).
     */
    private LimitSpec counterSpec(String id, State state, StateCondition s) {
        boolean lt = s.op().equals("lt");
        if (state.amount() != null) {
            usesBudgets = true;
            BigDecimal max = s.bound();
            if (lt) {
                BigDecimal unit = BigDecimal.ONE.movePointLeft(Math.max(0, s.bound().stripTrailingZeros().scale()));
                max = s.bound().subtract(unit);
                if (max.signum() < 0) {
                    nodes.error(DiagnosticKind.IMPORT_BAD_STATE_CONDITION, s.valueSpan(), "'lt " + s.bound()
                            + "' admits no amount at all", "deny the tool instead");
                    return null;
                }
                ir.noteRule(id, "Intercept admits while the sum stays below " + dev.mcppol.runtime.model.Texts.exactNumber(s.bound())
                        + "; mcppol admits a sum up to " + dev.mcppol.runtime.model.Texts.exactNumber(max) + " (the same for amounts in steps of "
                        + dev.mcppol.runtime.model.Texts.exactNumber(unit) + ")");
            }
            return new LimitSpec("_", true, state.amount(), max, state.windowMillis(), Scope.GLOBAL);
        }
        BigDecimal k = BigDecimal.valueOf(state.increment());
        BigDecimal max = lt ? s.bound().divide(k, 0, RoundingMode.CEILING).subtract(BigDecimal.ONE)
                : s.bound().divide(k, 0, RoundingMode.FLOOR);
        if (max.signum() <= 0) {
            nodes.error(DiagnosticKind.IMPORT_BAD_STATE_CONDITION, s.valueSpan(), "'" + s.op() + " "
                    + s.bound().toPlainString() + "' admits no call at all", "deny the tool instead");
            return null;
        }
        return new LimitSpec("_", true, List.of(), max, state.windowMillis(), Scope.GLOBAL);
    }

    private record RateLimit(long max, long windowMillis, String window, Span span) {
    }

    /**
     * Intercept turns {@code rate_limit: "N/W"} into a state counter {@code _rate_W} of the tool (or
     * {@code _global}) and rejects a tool whose rules declare one counter twice ("duplicate state
     * counter"): two rate limits of one window, or a rate limit and a state block named {@code _rate_W}.
     */
    private void rateCounter(String tool, RateLimit rate) {
        String key = (tool.equals("*") ? "_global" : tool) + "._rate_" + rate.window();
        Span prev = counters.putIfAbsent(key, rate.span());
        if (prev != null) {
            nodes.error(DiagnosticKind.IMPORT_SHARED_RATE_COUNTER, rate.span(), "rate_limit counts per "
                    + rate.window() + " in Intercept's counter state." + key + ", which line " + prev.line()
                    + " already declares", "give a tool at most one rate_limit per window (keep the stricter one), "
                    + "or use a state block with its own counter");
        }
    }

    private RateLimit ownRateLimit(PNode node) {
        if (!(node instanceof PScalar s) || !s.isString()) {
            nodes.error(DiagnosticKind.IMPORT_BAD_RATE_LIMIT, node.span(), "rate_limit must be \"N/minute\", "
                    + "\"N/hour\" or \"N/day\", not " + node.describe());
            return null;
        }
        Matcher m = RATE.matcher(s.text().strip());
        if (!m.matches()) {
            nodes.error(DiagnosticKind.IMPORT_BAD_RATE_LIMIT, node.span(), "rate_limit '" + s.text()
                    + "' is not COUNT/WINDOW", "e.g. rate_limit: \"5/hour\"");
            return null;
        }
        long max;
        try {
            max = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            max = -1;
        }
        boolean ok = true;
        if (max <= 0) {
            nodes.error(DiagnosticKind.IMPORT_BAD_RATE_LIMIT, node.span(), "rate_limit count must be a positive "
                    + "number, not " + m.group(1));
            ok = false;
        }
        Long window = WINDOWS.get(m.group(2));
        if (window == null) {
            nodes.error(DiagnosticKind.IMPORT_BAD_WINDOW, node.span(), "rate_limit window '" + m.group(2)
                    + "' is not minute, hour or day");
            ok = false;
        }
        return ok ? new RateLimit(max, window, m.group(2), node.span()) : null;
    }

    private record State(String key, String counter, long windowMillis, long increment, List<PathSeg> amount,
                         Span span) {
    }

    private State state(String tool, PNode.Entry entry) {
        PMap m = nodes.map(entry.value(), "'state'");
        if (m == null) {
            return null;
        }
        nodes.onlyKeys(m, STATE_KEYS, "'state'");
        boolean ok = true;
        String counter = m.get("counter") == null ? null : nodes.string(m.get("counter"), "'counter'");
        if (counter == null || counter.isBlank()) {
            nodes.error(DiagnosticKind.IMPORT_BAD_COUNTER, m.get("counter") == null ? m.span()
                    : m.get("counter").span(), "the state block needs a non-empty 'counter'");
            ok = false;
        }
        long window = 0;
        PNode w = m.get("window");
        String ws = w == null ? null : w instanceof PScalar sc && sc.isString() ? sc.text() : null;
        if (ws == null || !WINDOWS.containsKey(ws)) {
            nodes.error(DiagnosticKind.IMPORT_BAD_WINDOW, w == null ? m.span() : w.span(), w == null
                    ? "the state block needs a 'window'" : "window must be minute, hour or day, not " + w.describe());
            ok = false;
        } else {
            window = WINDOWS.get(ws);
        }
        long increment = 1;
        PNode inc = m.get("increment");
        if (inc != null) {
            if (inc instanceof PScalar sc && sc.kind() == PNode.ScalarKind.INTEGER && sc.number().signum() > 0
                    && sc.number().compareTo(BigDecimal.valueOf(1_000_000_000L)) <= 0) {
                increment = sc.number().longValueExact();
            } else {
                nodes.error(DiagnosticKind.IMPORT_BAD_INCREMENT, inc.span(), "increment must be a positive whole "
                        + "number, not " + inc.describe());
                ok = false;
            }
        }
        List<PathSeg> amount = null;
        PNode from = m.get("increment_from");
        if (from != null) {
            String f = nodes.string(from, "'increment_from'");
            if (f == null || !f.startsWith("args.") || f.length() == 5 || f.substring(5).contains("..")
                    || f.endsWith(".")) {
                if (f != null) {
                    nodes.error(DiagnosticKind.IMPORT_BAD_INCREMENT, from.span(), "increment_from must be an argument "
                            + "path args.NAME, not '" + f + "'");
                }
                ok = false;
            } else {
                amount = new ArrayList<>();
                for (String seg : f.substring(5).split("\\.")) {
                    amount.add(new PathSeg.Key(seg));
                }
            }
            if (inc != null) {
                nodes.error(DiagnosticKind.IMPORT_CONFLICT, from.span(), "give either increment or increment_from");
                ok = false;
            }
        }
        String key = tool.equals("*") ? "_global" : tool;
        if (counter != null && !counter.isBlank()) {
            Span prev = counters.putIfAbsent(key + "." + counter, m.span());
            if (prev != null) {
                nodes.error(DiagnosticKind.IMPORT_DUPLICATE_COUNTER, m.get("counter").span(), "counter state." + key
                        + "." + counter + " is already declared at line " + prev.line());
                ok = false;
            }
        }
        return ok ? new State(key, counter, window, increment, amount, m.span()) : null;
    }

    private void conflict(PNode.Entry entry, String message) {
        if (entry != null) {
            nodes.error(DiagnosticKind.IMPORT_CONFLICT, entry.keySpan(), message);
        }
    }

    private String ruleId(String tool, PMap rule, boolean required) {
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

    // ---- the pages' dialect ----

    private void pagesRule(String tool, PMap rule) {
        nodes.onlyKeys(rule, PAGES_RULE_KEYS, "a rule");
        String id = ruleId(tool, rule, false);
        PNode actionNode = rule.get("action");
        String action = null;
        if (actionNode == null) {
            nodes.error(DiagnosticKind.IMPORT_MISSING_KEY, rule.span(), "the rule has no 'action'",
                    "action: allow or action: deny");
        } else {
            action = nodes.string(actionNode, "'action'");
            if (action != null && !action.equals("allow") && !action.equals("deny")) {
                nodes.error(DiagnosticKind.IMPORT_UNKNOWN_ACTION, actionNode.span(), "unknown action '" + action + "'",
                        "in this dialect: allow or deny");
                action = null;
            }
        }
        String reason = rule.get("reason") == null ? null : nodes.string(rule.get("reason"), "'reason'");
        PNode.Entry rateEntry = rule.entry("rate_limit");
        PNode.Entry validateEntry = rule.entry("validate");
        RateLimit rate = rateEntry == null ? null : pagesRateLimit(rateEntry.value());
        Boolean required = null;
        if (validateEntry != null) {
            PMap v = nodes.map(validateEntry.value(), "'validate'");
            if (v != null) {
                nodes.onlyKeys(v, VALIDATE_KEYS, "'validate'");
                required = v.get("required_args") == null ? Boolean.FALSE : nodes.bool(v.get("required_args"),
                        "'required_args'");
            }
        }
        if ("deny".equals(action)) {
            conflict(rateEntry, "a deny rule takes no rate_limit");
            conflict(validateEntry, "a deny rule takes no validate");
        }
        if (action == null || id == null || diagnostics.hasErrors()) {
            return;
        }
        Span at = rule.span();
        if (action.equals("deny")) {
            ir.rule(id, Effect.DENY, tool, Condition.TRUE, List.of(), reason, at, RuleKind.RULE);
            return;
        }
        if (Boolean.TRUE.equals(required)) {
            Span vs = validateEntry.keySpan();
            ir.rule(ir.names.positionId(vs), Effect.DENY, tool, new Condition.Not(new Condition.AtomCond(
                    new Atom.Schema(true), vs)), List.of(), "an argument the tool's schema requires is missing", vs,
                    RuleKind.VALIDATE);
        }
        List<String> limits = new ArrayList<>();
        if (rate != null) {
            LimitSpec spec = new LimitSpec("_", false, List.of(), BigDecimal.valueOf(rate.max()), rate.windowMillis(),
                    Scope.SESSION);
            if (tool.equals("*")) {
                ir.toolLimit("*", ir.namedLimit("all_tools_" + id, spec, rate.span()), rate.span(), id, reason);
            } else {
                limits.add(ir.inlineLimit(id, spec, rate.span()));
            }
        }
        if (tool.equals("*")) {
            ir.noteRule(id, "an allow rule under \"*\" does not list tools: under default deny an unlisted tool "
                    + "stays denied; its rate limit counts every tool's calls together");
            return;
        }
        ir.rule(id, Effect.ALLOW, tool, Condition.TRUE, limits, reason, at, RuleKind.RULE);
    }

    private RateLimit pagesRateLimit(PNode node) {
        PMap m = nodes.map(node, "'rate_limit'");
        if (m == null) {
            return null;
        }
        nodes.onlyKeys(m, PAGES_RATE_KEYS, "'rate_limit'");
        boolean ok = true;
        PNode max = m.get("max");
        if (max == null || !(max instanceof PScalar s && s.kind() == PNode.ScalarKind.INTEGER && s.number().signum() > 0
                && s.number().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) <= 0)) {
            nodes.error(DiagnosticKind.IMPORT_BAD_RATE_LIMIT, max == null ? m.span() : max.span(), max == null
                    ? "rate_limit needs 'max'" : "max must be a positive whole number, not " + max.describe());
            ok = false;
        }
        PNode w = m.get("window");
        if (w == null || !(w instanceof PScalar s && s.kind() == PNode.ScalarKind.INTEGER && s.number().signum() > 0
                && s.number().compareTo(BigDecimal.valueOf(MAX_WINDOW_SECONDS)) <= 0)) {
            nodes.error(DiagnosticKind.IMPORT_BAD_WINDOW, w == null ? m.span() : w.span(), w == null
                    ? "rate_limit needs 'window' (seconds)" : "window must be a whole number of seconds from 1 to "
                    + MAX_WINDOW_SECONDS + ", not " + w.describe());
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new RateLimit(((PScalar) max).number().longValueExact(),
                ((PScalar) w).number().longValueExact() * 1000L, null, m.span());
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
