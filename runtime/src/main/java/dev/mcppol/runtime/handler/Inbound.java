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
 */
record Inbound(JsonNode msg, SessionState session, Engine engine, long now) {
}
