package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.approval.Approval;
import tools.jackson.databind.JsonNode;

/**
 * A decision the handler took for one message, with what it was about (for metrics, the decision log
 * and a replay's report).
 *
 * @param target    the tool called, or null when the call named none
 * @param arguments the call's arguments, or null when they could not be read
 * @param nanos     how long deciding took
 * @param bundleSha256 the bundle that decided (a reload may put another in force right after)
 * @param approval  the person's decision on an asked call, or null: the queued approval that admitted it, or
 *                  the user's answer to the elicitation (the decision log writes who, when and why)
 * @param approvalFromStore whether {@code approval} came from the approvals store (a queued approval): a
 *                  recording then keeps it, so a replay, which has no store, admits the same call; the
 *                  answer to an elicitation is recorded as the answer itself
 */
public record Decided(String target, JsonNode arguments, CallDecision decision, long nanos, String bundleSha256,
                      String kind, Approval approval, boolean approvalFromStore) {

    /**
     * A tools/call decision.
     */
    public Decided(String target, JsonNode arguments, CallDecision decision, long nanos, String bundleSha256) {
        this(target, arguments, decision, nanos, bundleSha256, "tool", null, false);
    }

    /**
     * @param kind {@code tool}, or the kind of another request ({@code resource}, {@code prompt},
     *             {@code completion}, {@code sampling}, {@code elicitation}, {@code roots}: the words of
     *             the decision log's {@code kind} and {@code /metrics}); its {@code target} then reads
     *             {@code resource URI}, {@code prompt NAME}, {@code sampling}
     */
    public Decided(String target, JsonNode arguments, CallDecision decision, long nanos, String bundleSha256,
                   String kind) {
        this(target, arguments, decision, nanos, bundleSha256, kind, null, false);
    }

    /** The approval a recording must keep before this call's record, or null. */
    public Approval approvalToRecord() {
        return approvalFromStore ? approval : null;
    }
}
