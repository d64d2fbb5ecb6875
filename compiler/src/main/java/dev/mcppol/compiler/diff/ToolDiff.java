package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;

/**
 * One tool whose behaviour changed (or may have).
 *
 * @param kind    OUTCOME: a witness call gets different outcomes; LIMITS: same outcome, different
 *                limits consumed; APPROVAL: the same ask, with other approvers or grant time; UNKNOWN: the structures differ but no witness could be built or
 *                verified, so the difference is neither proven nor ruled out
 * @param witness the call that shows it (null for UNKNOWN)
 * @param unproven for UNKNOWN, what kept each differing path tried without a witness ({@code diff --explain})
 */
public record ToolDiff(String tool, Kind kind, Call witness, Decision before, Decision after, String oldMeaning,
                       String newMeaning, String note, java.util.List<Unproven> unproven) {

    public ToolDiff {
        unproven = java.util.List.copyOf(unproven);
    }

    public ToolDiff(String tool, Kind kind, Call witness, Decision before, Decision after, String oldMeaning,
                    String newMeaning, String note) {
        this(tool, kind, witness, before, after, oldMeaning, newMeaning, note, java.util.List.of());
    }

    public enum Kind {
        OUTCOME, LIMITS, APPROVAL, UNKNOWN
    }
}
