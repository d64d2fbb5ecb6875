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
 * @param reason the text the agent sees, or null for a generated one
 */
public record Rule(String id, Effect effect, String target, Condition when, List<String> limits, String reason,
                   Span span, RuleKind kind) {
    public Rule {
        limits = List.copyOf(limits);
    }
}
