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
 * @param approval  the person's approval that admitted an asked call, or null (a recording keeps it, so a
 *                  replay admits the same call)
 */
public record Decided(String target, JsonNode arguments, CallDecision decision, long nanos, String bundleSha256,
                      String kind, Approval approval) {

    /**
     * A tools/call decision.
     */
    public Decided(String target, JsonNode arguments, CallDecision decision, long nanos, String bundleSha256) {
        this(target, arguments, decision, nanos, bundleSha256, "tool", null);
    }

    /**
     * @param kind {@code tool}, or the kind of another request ({@code resource}, {@code prompt},
     *             {@code completion}, {@code sampling}, {@code elicitation}, {@code roots}: the words of
     *             the decision log's {@code kind} and {@code /metrics}); its {@code target} then reads
     *             {@code resource URI}, {@code prompt NAME}, {@code sampling}
     */
    public Decided(String target, JsonNode arguments, CallDecision decision, long nanos, String bundleSha256,
                   String kind) {
        this(target, arguments, decision, nanos, bundleSha256, kind, null);
    }
}
