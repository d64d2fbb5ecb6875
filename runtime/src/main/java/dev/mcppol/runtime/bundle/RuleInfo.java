package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.model.Effect;

/**
 * What a decision needs to know about a source rule: its id (the name the source gave it, else
 * {@code file:line}), its effect, the reason text the agent sees, and where it was written.
 */
public record RuleInfo(String id, Effect effect, String reason, String source) {
}
