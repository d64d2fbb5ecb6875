package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.model.Effect;
import java.util.List;

/**
 * What a decision needs to know about a source rule: its id (the name the source gave it, else
 * {@code file:line}), its effect, the reason text the agent sees, and where it was written; for an
 * {@code ask} rule also who may approve ({@code approvers}; empty: anyone the proxy asks) and how long
 * an approval admits the same call ({@code grantMillis}; 0: once).
 */
public record RuleInfo(String id, Effect effect, String reason, String source, List<String> approvers,
                       long grantMillis) {

    public RuleInfo {
        approvers = List.copyOf(approvers);
    }

    /** A rule with no approval settings. */
    public RuleInfo(String id, Effect effect, String reason, String source) {
        this(id, effect, reason, source, List.of(), 0);
    }
}
