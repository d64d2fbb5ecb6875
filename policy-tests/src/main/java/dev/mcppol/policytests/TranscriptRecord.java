package dev.mcppol.policytests;

import tools.jackson.databind.JsonNode;

/**
 * One record of a transcript, with the session and identity that apply to it already resolved.
 *
 * @param expect null when the record carries no expectation
 * @param claims the verified token claims the call was made with (an object), or null
 */
public record TranscriptRecord(int line, long t, boolean clientToServer, JsonNode msg, String session,
                               String identity, Expectation expect, JsonNode claims) {

    public TranscriptRecord(int line, long t, boolean clientToServer, JsonNode msg, String session, String identity,
                            Expectation expect) {
        this(line, t, clientToServer, msg, session, identity, expect, null);
    }
}
