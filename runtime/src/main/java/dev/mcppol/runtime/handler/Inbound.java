package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.engine.Engine;
import tools.jackson.databind.JsonNode;

/**
 * One message as a method handler sees it.
 *
 * @param msg     the JSON-RPC message (an object)
 * @param session the session it belongs to, with the caller it was sent for
 * @param engine  the policy in force for this message (one engine per message, so a reload never mixes two)
 * @param now     the decision time: the wall clock in the proxy, the transcript's {@code t} in a replay
 * @param argumentsHash the {@code tools/call}'s approval hash ({@link dev.mcppol.runtime.approval.ArgumentHash})
 *                as a recording carries it where redaction changed the arguments, or null: computed from
 *                the message (always in the proxy, which never takes it from the wire)
 * @param answerUnread true when nobody reads the answer the proxy gives a denied {@code tools/call} (a
 *                replay reads only the decision), so it need not be built: see
 *                {@link CallHandler#decideRecordedClient}
 */
record Inbound(JsonNode msg, SessionState session, Engine engine, long now, String argumentsHash,
               boolean answerUnread) {

    Inbound(JsonNode msg, SessionState session, Engine engine, long now) {
        this(msg, session, engine, now, null, false);
    }
}
