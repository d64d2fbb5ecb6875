package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.mcp.JsonRpc;
import tools.jackson.databind.JsonNode;

/**
 * A message for the client about one call held while the user is asked (a progress notification):
 * on Streamable HTTP it travels on that call's own open response, so it names the call.
 *
 * @param callId  the held {@code tools/call}'s id, as the client sent it
 * @param message the message to the client
 */
public record HeldMessage(JsonNode callId, JsonNode message) {

    public String callIdKey() {
        return JsonRpc.idKey(callId);
    }
}
