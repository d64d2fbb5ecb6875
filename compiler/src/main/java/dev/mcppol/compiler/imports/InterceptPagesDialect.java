package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.imports.PNode.PScalar;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Scope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The dialect of Intercept's public policy pages: {@code action: allow|deny},
 * {@code rate_limit: {max, window}} (per session), {@code validate: {required_args}}, {@code reason}.
 */
final class InterceptPagesDialect extends InterceptBase {

    private static final Set<String> RULE_KEYS = Set.of("name", "action", "rate_limit", "validate", "reason");
    private static final Set<String> RATE_KEYS = Set.of("max", "window");
    private static final Set<String> VALIDATE_KEYS = Set.of("required_args");
    private static final long MAX_WINDOW_SECONDS = 366L * 86_400L;

    InterceptPagesDialect(String file, Nodes nodes) {
        super(file, nodes);
    }

    @Override
    protected boolean needsVersion(PMap root) {
        return false;
    }

    @Override
    protected void rule(String tool, PMap rule) {
        nodes.onlyKeys(rule, RULE_KEYS, "a rule");
        String id = ruleId(tool, rule, false);
        PNode actionNode = rule.get("action");
        InterceptAction action = null;
        if (actionNode == null) {
            nodes.error(DiagnosticKind.IMPORT_MISSING_KEY, rule.span(), "the rule has no 'action'",
                    "action: allow or action: deny");
        } else {
            String a = nodes.string(actionNode, "'action'");
            action = a == null ? null : InterceptAction.fromWord(a);
            if (a != null && (action == null || !action.in(InterceptDialect.PAGES))) {
                nodes.error(DiagnosticKind.IMPORT_UNKNOWN_ACTION, actionNode.span(), "unknown action '" + a + "'",
                        "in this dialect: allow or deny");
                action = null;
            }
        }
        String reason = rule.get("reason") == null ? null : nodes.string(rule.get("reason"), "'reason'");
        PNode.Entry rateEntry = rule.entry("rate_limit");
        PNode.Entry validateEntry = rule.entry("validate");
        InterceptRateLimit rate = rateEntry == null ? null : rateLimit(rateEntry.value());
        Boolean required = null;
        if (validateEntry != null) {
            PMap v = nodes.map(validateEntry.value(), "'validate'");
            if (v != null) {
                nodes.onlyKeys(v, VALIDATE_KEYS, "'validate'");
                required = v.get("required_args") == null ? Boolean.FALSE : nodes.bool(v.get("required_args"),
                        "'required_args'");
            }
        }
        if (action == InterceptAction.DENY) {
            conflict(rateEntry, "a deny rule takes no rate_limit");
            conflict(validateEntry, "a deny rule takes no validate");
        }
        if (action == null || id == null || diagnostics.hasErrors()) {
            return;
        }
        Span at = rule.span();
        if (action == InterceptAction.DENY) {
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

    private InterceptRateLimit rateLimit(PNode node) {
        PMap m = nodes.map(node, "'rate_limit'");
        if (m == null) {
            return null;
        }
        nodes.onlyKeys(m, RATE_KEYS, "'rate_limit'");
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
        return new InterceptRateLimit(((PScalar) max).number().longValueExact(),
                ((PScalar) w).number().longValueExact() * 1000L, null, m.span());
    }
}
