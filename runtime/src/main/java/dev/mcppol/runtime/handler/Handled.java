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
 * @param awaiting   for a forwarded request: what reads the server's answer to it (list filtering), or null
 * @param received   for a server response: the answer as the client's own id names it, before any
 *                   filtering — what a recording keeps (the server saw the proxy's id); else null
 * @param holding    for the question that holds a call for the user's answer, and for what that answer
 *                   made of the call: which call ({@link Holding}); else null
 */
public record Handled(Action action, JsonNode message, Decided decided, boolean recordable, boolean refused,
                      List<String> warnings, ResponseHandler awaiting, JsonNode received, Holding holding) {

    public enum Action { FORWARD, ANSWER, DROP }

    public static final Handled FORWARD = new Handled(Action.FORWARD, null, null, true, false, List.of());

    public Handled {
        warnings = List.copyOf(warnings);
    }

    public Handled(Action action, JsonNode message, Decided decided, boolean recordable, boolean refused,
                   List<String> warnings) {
        this(action, message, decided, recordable, refused, warnings, null, null, null);
    }

    /** Forwarded unchanged; {@code awaiting} reads the answer. */
    static Handled awaitingAnswer(ResponseHandler awaiting) {
        return new Handled(Action.FORWARD, null, null, true, false, List.of(), awaiting, null, null);
    }

    /** This, forwarding {@code forwarded} (the same request under the proxy's id). */
    Handled forwarding(JsonNode forwarded) {
        return new Handled(action, forwarded, decided, recordable, refused, warnings, null, null, holding);
    }

    /** This, for a server answer whose client-side form (before filtering) is {@code clientView}. */
    Handled receivedAs(JsonNode clientView) {
        JsonNode out = action == Action.FORWARD && message == null ? clientView : message;
        return new Handled(action, out, decided, recordable, refused, warnings, null, clientView, holding);
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

    /** This, as part of the held call {@code holding} names. */
    Handled holding(Holding holding) {
        return new Handled(action, message, decided, recordable, refused, warnings, awaiting, received, holding);
    }

    public boolean forwardsOriginal() {
        return action == Action.FORWARD && message == null;
    }
}
