package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.MethodKind;
import java.util.List;

/**
 * The rules of one kind of request besides {@code tools/call} ({@code resource "GLOB" {…}},
 * {@code prompt NAME {…}}, {@code client sampling {…}}, …). Their targets are the kind's subjects: URI
 * globs, prompt names, or the kind's own name for the requests a server sends to the client.
 *
 * @param defaultEffect {@code default resources deny} etc., or null: the policy's own default applies
 * @param rules         rules in source order (targets are subjects of this kind)
 * @param limits        block-level limits ({@code limit …} inside a block)
 * @param hidden        {@code hide resource "GLOB"}, {@code hide prompt NAME}
 * @param span          where the kind is first named (its first block, hide or default)
 */
public record MethodRules(MethodKind kind, Effect defaultEffect, Span defaultSpan, List<Rule> rules,
                          List<ToolLimit> limits, List<Hidden> hidden, Span span) {
    public MethodRules {
        rules = List.copyOf(rules);
        limits = List.copyOf(limits);
        hidden = List.copyOf(hidden);
    }

    /** The default that decides a subject no rule names: the section's own, else the policy's. */
    public Effect effectiveDefault(Policy policy) {
        return defaultEffect != null ? defaultEffect : policy.defaultEffect();
    }

    /**
     * This section as a policy of its own — the kind's subjects in the place of tools, every limit of
     * the policy declared — so the compiler, the reference interpreter, the checks and the diff handle
     * every kind exactly as they handle tools.
     */
    public Policy asPolicy(Policy policy) {
        return new Policy(policy.name(), effectiveDefault(policy), rules, limits, policy.limits(), hidden, List.of(),
                span, List.of());
    }
}
