package dev.mcppol.policytests;

import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.transcript.Expectation;
import tools.jackson.databind.JsonNode;

/**
 * One {@code tools/call} of a replay and the engine's decision, with or without an expectation:
 * coverage, {@code --baseline} and {@code --update} look at every call, not only the checked ones.
 *
 * @param expect null when the record carries no expectation
 */
public record DecidedCall(String file, int line, String session, String identity, String tool, JsonNode arguments,
                          CallDecision decision, Expectation expect) {

    /** The checked form of this call; only meaningful when {@link #expect} is set. */
    public CallResult toResult() {
        return new CallResult(file, line, session, identity, tool, arguments, expect, decision,
                expect.mismatch(decision));
    }
}
