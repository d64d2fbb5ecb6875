package dev.mcppol.runtime.handler;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What to do with one message, as the {@link CallHandler} decided it; the transport carries it out,
 * and the proxy's logs and recording follow from it.
 *
 * @param action     forward the message on, answer its sender in the other side's place, or drop it
 * @param message    for {@link Action#FORWARD}: the rewritten message, or null to forward the original
 *                   bytes; for {@link Action#ANSWER}: the answer; else null
 * @param decided    the policy decision taken for the message, or null when none was needed
 * @param recordable whether a recording keeps this message (and the answer): false when a replay could
 *                   not reproduce it (schema drift, an engine failure) or the message went nowhere
 * @param refused    the message was refused as unusable (counted in {@code /metrics})
 * @param warnings   what the operator should read on stderr
 */
public record Handled(Action action, JsonNode message, Decided decided, boolean recordable, boolean refused,
                      List<String> warnings) {

    public enum Action { FORWARD, ANSWER, DROP }

    public static final Handled FORWARD = new Handled(Action.FORWARD, null, null, true, false, List.of());

    public Handled {
        warnings = List.copyOf(warnings);
    }

    static Handled forward(Decided decided, boolean recordable) {
        return new Handled(Action.FORWARD, null, decided, recordable, false, List.of());
    }

    static Handled rewritten(JsonNode message, List<String> warnings) {
        return new Handled(Action.FORWARD, message, null, true, false, warnings);
    }

    static Handled original(List<String> warnings) {
        return new Handled(Action.FORWARD, null, null, true, false, warnings);
    }

    static Handled answer(JsonNode reply, Decided decided, boolean recordable, List<String> warnings) {
        return new Handled(Action.ANSWER, reply, decided, recordable, false, warnings);
    }

    /** Dropped, not refused: a message with nowhere to go (recorded, so a replay drops it too). */
    static Handled dropped(String warning) {
        return new Handled(Action.DROP, null, null, true, false, List.of(warning));
    }

    /** Refused and dropped: no answer, nothing forwarded, nothing recorded. */
    static Handled refusedDrop(String warning) {
        return new Handled(Action.DROP, null, null, false, true, List.of(warning));
    }

    public boolean forwardsOriginal() {
        return action == Action.FORWARD && message == null;
    }
}
