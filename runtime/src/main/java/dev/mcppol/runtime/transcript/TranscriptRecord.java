package dev.mcppol.runtime.transcript;

import tools.jackson.databind.JsonNode;

/**
 * One record of a transcript, with the session and identity that apply to it already resolved.
 *
 * @param msg      the message; read through {@link #msg()}, which reads an {@code answer}'s on demand
 * @param expect   null when the record carries no expectation
 * @param approval a person's approval the proxy used to admit the next call ({@code {"t":…,"approval":{…}}}),
 *                 on a record without {@code dir} and {@code msg}; else null
 * @param userAnswer a case file's {@code approval}: what the user answers when the call is asked
 *                   ({@code approve}, {@code deny}, {@code timeout}), or null
 * @param claims the verified token claims the call was made with (an object), or null
 * @param argumentsHash a {@code tools/call}'s approval hash as the proxy computed it over the arguments it
 *                      received, where the recorded ones are redacted ({@code argumentsHash}); else null
 * @param approvalTimeoutMillis how long the recording proxy waited for the user's answer to an approval
 *                              question (the header's {@code approvalTimeoutMs}); 0 when the file does not say
 * @param answer   a server's answer read without its tree (its id, whether it is the proxy's own), with
 *                 {@code msg} left null until asked for; else null
 */
public record TranscriptRecord(int line, long t, boolean clientToServer, JsonNode msg, String session,
                               String identity, Expectation expect, JsonNode approval, String userAnswer,
                               JsonNode claims, String argumentsHash, long approvalTimeoutMillis,
                               RecordedAnswer answer) {

    public TranscriptRecord(int line, long t, boolean clientToServer, JsonNode msg, String session, String identity,
                            Expectation expect) {
        this(line, t, clientToServer, msg, session, identity, expect, null, null, null, null, 0);
    }

    public TranscriptRecord(int line, long t, boolean clientToServer, JsonNode msg, String session, String identity,
                            Expectation expect, JsonNode approval) {
        this(line, t, clientToServer, msg, session, identity, expect, approval, null, null, null, 0);
    }

    public TranscriptRecord(int line, long t, boolean clientToServer, JsonNode msg, String session, String identity,
                            Expectation expect, JsonNode approval, String userAnswer, JsonNode claims) {
        this(line, t, clientToServer, msg, session, identity, expect, approval, userAnswer, claims, null, 0);
    }

    public TranscriptRecord(int line, long t, boolean clientToServer, JsonNode msg, String session, String identity,
                            Expectation expect, JsonNode approval, String userAnswer, JsonNode claims,
                            String argumentsHash, long approvalTimeoutMillis) {
        this(line, t, clientToServer, msg, session, identity, expect, approval, userAnswer, claims, argumentsHash,
                approvalTimeoutMillis, null);
    }

    /** The JSON-RPC message (null on an approval record); an {@code answer}'s is read from its line now. */
    @Override
    public JsonNode msg() {
        return msg == null && answer != null ? answer.message() : msg;
    }
}
