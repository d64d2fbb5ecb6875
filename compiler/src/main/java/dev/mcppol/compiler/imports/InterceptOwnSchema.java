package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.imports.InterceptConditions.ArgCondition;
import dev.mcppol.compiler.imports.InterceptConditions.Parsed;
import dev.mcppol.compiler.imports.InterceptConditions.StateCondition;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intercept's own schema: {@code action: evaluate|deny|require_approval}, {@code conditions},
 * {@code rate_limit: "N/unit"}, {@code state} counters and {@code on_deny}.
 */
final class InterceptOwnSchema extends InterceptBase {

    private static final Set<String> RULE_KEYS = Set.of("name", "action", "conditions", "rate_limit", "state",
            "on_deny");
    private static final Set<String> STATE_KEYS = Set.of("counter", "window", "increment", "increment_from");
    private static final Pattern RATE = Pattern.compile("([0-9]+)/([A-Za-z]+)");

    private final InterceptConditions conditions;
    /** Counters declared per Intercept key (tool or _global), to reject a second declaration. */
    private final Map<String, Span> counters = new HashMap<>();

    InterceptOwnSchema(String file, Nodes nodes) {
        super(file, nodes);
        this.conditions = new InterceptConditions(nodes);
    }

    @Override
    protected boolean needsVersion(PMap root) {
        return InterceptDialect.hasDialectRules(root);
    }

    @Override
    protected void rule(String tool, PMap rule) {
        nodes.onlyKeys(rule, RULE_KEYS, "a rule");
        String id = ruleId(tool, rule, true);
        InterceptAction action = InterceptAction.EVALUATE;
        PNode actionNode = rule.get("action");
        if (actionNode != null) {
            String a = nodes.string(actionNode, "'action'");
            action = a == null ? null : InterceptAction.fromWord(a);
            if (a != null && (action == null || !action.in(InterceptDialect.OWN))) {
                nodes.error(DiagnosticKind.IMPORT_UNKNOWN_ACTION, actionNode.span(), "unknown action '" + a + "'",
                        "actions: evaluate (the default), deny, require_approval");
                action = null;
            }
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
        InterceptRateLimit rate = rateEntry == null ? null : rateLimit(rateEntry.value());
        State state = stateEntry == null ? null : state(tool, stateEntry);
        boolean hasCondsNow = condEntry != null && condEntry.value() instanceof PNode.PList cl && !cl.items().isEmpty();
        if (rate != null && stateEntry == null && !hasCondsNow && action == InterceptAction.EVALUATE) {
            rateCounter(tool, rate); // what Intercept desugars: a conflicting rate_limit is an error of its own
        }

        if (action != null) {
            actionConflicts(action, hasConds, condEntry, rateEntry, stateEntry, actionNode, at);
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
            case DENY -> ir.rule(id, Effect.DENY, tool, Condition.TRUE, List.of(), onDeny, at, RuleKind.RULE);
            case REQUIRE_APPROVAL -> {
                ir.rule(id, Effect.ASK, tool, Condition.and(holds), List.of(), onDeny, at, RuleKind.RULE);
                if (!holds.isEmpty()) {
                    ir.noteRule(id, "Intercept asks for approval when these conditions hold; so does mcppol");
                }
            }
            case EVALUATE -> evaluate(tool, id, holds, rate, state, states, onDeny, at);
            case ALLOW -> throw new IllegalStateException("allow is not an action of Intercept's own schema");
        }
    }

    /** What each action of this dialect cannot be combined with. */
    private void actionConflicts(InterceptAction action, boolean hasConds, PNode.Entry condEntry,
                                 PNode.Entry rateEntry, PNode.Entry stateEntry, PNode actionNode, Span at) {
        switch (action) {
            case DENY -> {
                if (hasConds) {
                    nodes.error(DiagnosticKind.IMPORT_DENY_WITH_CONDITIONS, condEntry.keySpan(),
                            "a deny rule always denies: it takes no conditions", "use action: evaluate, whose "
                                    + "conditions must all hold or the call is denied");
                }
                conflict(rateEntry, "a deny rule takes no rate_limit");
                conflict(stateEntry, "a deny rule takes no state");
            }
            case REQUIRE_APPROVAL -> {
                conflict(rateEntry, "a require_approval rule takes no rate_limit");
                conflict(stateEntry, "a require_approval rule takes no state");
            }
            case EVALUATE -> {
                if (!hasConds && rateEntry == null && stateEntry == null) {
                    nodes.error(DiagnosticKind.IMPORT_EVALUATE_WITHOUT_CONDITIONS, actionNode != null
                            ? actionNode.span() : at, "an evaluate rule needs conditions (or a rate_limit)",
                            "add conditions, or use action: deny to always deny");
                }
                if (rateEntry != null && hasConds) {
                    conflict(rateEntry, "rate_limit cannot be combined with conditions");
                }
                if (rateEntry != null && stateEntry != null) {
                    conflict(rateEntry, "rate_limit cannot be combined with state");
                }
            }
            case ALLOW -> throw new IllegalStateException("allow is not an action of Intercept's own schema");
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
                || !(c.test() instanceof dev.mcppol.runtime.model.ValueTest.Matches m)) {
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

    private void evaluate(String tool, String id, List<Condition> holds, InterceptRateLimit rate, State state,
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

    /**
     * Intercept turns {@code rate_limit: "N/W"} into a state counter {@code _rate_W} of the tool (or
     * {@code _global}) and rejects a tool whose rules declare one counter twice ("duplicate state
     * counter"): two rate limits of one window, or a rate limit and a state block named {@code _rate_W}.
     */
    private void rateCounter(String tool, InterceptRateLimit rate) {
        String key = (tool.equals("*") ? "_global" : tool) + "._rate_" + rate.window();
        Span prev = counters.putIfAbsent(key, rate.span());
        if (prev != null) {
            nodes.error(DiagnosticKind.IMPORT_SHARED_RATE_COUNTER, rate.span(), "rate_limit counts per "
                    + rate.window() + " in Intercept's counter state." + key + ", which line " + prev.line()
                    + " already declares", "give a tool at most one rate_limit per window (keep the stricter one), "
                    + "or use a state block with its own counter");
        }
    }

    private InterceptRateLimit rateLimit(PNode node) {
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
        return ok ? new InterceptRateLimit(max, window, m.group(2), node.span()) : null;
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

}
