package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Hidden;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.compiler.print.Notes;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects the IR of one imported file; both importers build through it. */
final class IrBuilder {

    private final String file;
    final Names names;
    private final List<Rule> rules = new ArrayList<>();
    private final List<ToolLimit> toolLimits = new ArrayList<>();
    private final Map<String, LimitDef> limits = new LinkedHashMap<>();
    private final List<Hidden> hidden = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final List<String> ruleNotes = new ArrayList<>();

    IrBuilder(String file) {
        this.file = file;
        this.names = new Names(file);
    }

    void rule(String id, Effect effect, String target, Condition when, List<String> limitNames, String reason,
              Span span, RuleKind kind) {
        rules.add(new Rule(id, effect, target, when, limitNames, reason, span, kind));
    }

    boolean hasAllow(String target) {
        return rules.stream().anyMatch(r -> r.effect() == Effect.ALLOW && r.target().equals(target));
    }

    /** True when a deny or ask rule always decides this tool, so an allow could never take effect. */
    boolean alwaysDecidedWithoutAllow(String target) {
        return rules.stream().anyMatch(r -> r.effect() != Effect.ALLOW && r.target().equals(target)
                && r.when() instanceof Condition.Const c && c.value());
    }

    void hide(String pattern, Span span) {
        hidden.add(new Hidden(pattern, span));
        rules.add(new Rule(names.positionId(span), Effect.DENY, pattern, Condition.TRUE, List.of(), "tool " + pattern
                + " is hidden by the policy", span, RuleKind.HIDE));
    }

    /**
     * A per-tool limit named after the rule that uses it, the way the policy language names an inline
     * {@code limit N per D} (so the printed policy declares it inline and the name survives); when
     * that name is taken by another limit, a named one instead.
     */
    String inlineLimit(String ruleId, LimitSpec shape, Span span) {
        if (!limits.containsKey(ruleId) && names.claimLimit(ruleId)) {
            limits.put(ruleId, new LimitDef(withName(shape, ruleId, false), span));
            return ruleId;
        }
        return namedLimit(ruleId, shape, span);
    }

    /** A named counter shared by every tool that uses it. */
    String namedLimit(String base, LimitSpec shape, Span span) {
        String name = names.limitName(base);
        limits.put(name, new LimitDef(withName(shape, name, true), span));
        return name;
    }

    /** An existing named limit, if one was declared under exactly this name. */
    LimitDef limit(String name) {
        return limits.get(name);
    }

    void putLimit(String name, LimitSpec spec, Span span) {
        limits.put(name, new LimitDef(spec, span));
    }

    void toolLimit(String target, String limit, Span span) {
        toolLimits.add(new ToolLimit(target, limit, span, names.positionId(span), null));
    }

    /** A tool limit that keeps the source rule's name and message (an Intercept {@code "*"} rule). */
    void toolLimit(String target, String limit, Span span, String ruleId, String reason) {
        toolLimits.add(new ToolLimit(target, limit, span, ruleId, reason));
    }

    void note(String text) {
        notes.add(text);
    }

    void noteRule(String ruleId, String text) {
        ruleNotes.add(Notes.forRule(ruleId, text));
    }

    Policy build(Effect defaultEffect) {
        // Neither Intercept nor PolicyLayer has rules for anything but tool calls: say so, since
        // mcppol decides more (docs/DESIGN.md, "Every MCP method").
        notes.add("the source format decides tool calls only; nothing in it maps to resources/read, prompts/get,"
                + " completion/complete, sampling, elicitation or roots/list, which pass unchecked (decide them with"
                + " `resource`, `prompt` and `client` blocks, or `default resources deny`)");
        List<String> all = new ArrayList<>(notes);
        all.addAll(ruleNotes);
        // Named limits first, inline ones after: the order a printed policy declares them in, and the
        // order limits are checked in (which one a call exhausted first is part of the decision).
        List<LimitDef> ordered = new ArrayList<>();
        limits.values().stream().filter(l -> l.spec().shared()).forEach(ordered::add);
        limits.values().stream().filter(l -> !l.spec().shared()).forEach(ordered::add);
        return new Policy(policyName(), defaultEffect, rules, toolLimits, ordered, hidden, List.of(),
                Span.at(file, 1, 1), all);
    }

    private String policyName() {
        Path p = Path.of(file).getFileName();
        String n = p == null ? file : p.toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    static LimitSpec withName(LimitSpec s, String name, boolean shared) {
        return s.named(name, shared);
    }
}
