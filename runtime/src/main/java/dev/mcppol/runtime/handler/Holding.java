package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.mcp.JsonRpc;
import tools.jackson.databind.JsonNode;

/**
 * A message's part in a call held while the user is asked (approval by elicitation): on stdio every
 * message shares one stream and this is only informative, but on Streamable HTTP the held call's own
 * POST must stay open for its answer, which comes on another POST (the client's answer to the
 * question) or from the proxy's timer (no answer in time).
 *
 * @param callId the held {@code tools/call}'s id, as the client sent it
 * @param asking true: the message is the question to the client and the call is now held; false: the
 *               message is what the user's answer made of the call (the call itself, forwarded, or its denial)
 */
public record Holding(JsonNode callId, boolean asking) {

    /** The held call's id as a map key ({@link JsonRpc#idKey}). */
    public String callIdKey() {
        return JsonRpc.idKey(callId);
    }
}
