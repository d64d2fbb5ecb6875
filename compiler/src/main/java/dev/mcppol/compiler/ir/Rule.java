package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.model.Effect;
import java.util.List;

/**
 * One rule of the IR.
 *
 * @param id     the name the source gave (Intercept {@code name}, DSL {@code as}), else {@code file:line}
 * @param target exact tool name or glob
 * @param when   the condition over arguments and context ({@link Condition#TRUE} when none)
 * @param limits names of the limits an admitted call consumes (allow rules only)
 * @param reason     the text the agent sees, or null for a generated one
 * @param targetSpan where the tool name or glob is written (the rule's span when the source has no
 *                   separate place for it)
 * @param ask        approvers and grant time of an ask rule ({@link AskOptions#NONE} otherwise)
 */
public record Rule(String id, Effect effect, String target, Condition when, List<String> limits, String reason,
                   Span span, RuleKind kind, Span targetSpan, AskOptions ask) {
    public Rule {
        limits = List.copyOf(limits);
        if (targetSpan == null) {
            targetSpan = span;
        }
        if (ask == null) {
            ask = AskOptions.NONE;
        }
    }

    /** A rule without approval settings. */
    public Rule(String id, Effect effect, String target, Condition when, List<String> limits, String reason,
                Span span, RuleKind kind, Span targetSpan) {
        this(id, effect, target, when, limits, reason, span, kind, targetSpan, AskOptions.NONE);
    }

    /**
     * Source order: file, line, column. Decisions name the first deciding rule in this order, so a
     * list of rules shuffled or with duplicates decides and compiles exactly like the original.
     */
    public static final java.util.Comparator<Rule> SOURCE_ORDER = java.util.Comparator
            .comparing((Rule r) -> r.span().file()).thenComparingInt(r -> r.span().line())
            .thenComparingInt(r -> r.span().col());

    /** A rule whose target is reported at the rule itself. */
    public Rule(String id, Effect effect, String target, Condition when, List<String> limits, String reason,
                Span span, RuleKind kind) {
        this(id, effect, target, when, limits, reason, span, kind, span);
    }
}
