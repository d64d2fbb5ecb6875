package dev.mcppol.policytests;

import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.transcript.Expectation;
import tools.jackson.databind.JsonNode;

/** One decided call of a replay that carried an expectation. */
public record CallResult(String file, int line, String session, String identity, String tool, JsonNode arguments,
                         Expectation expected, CallDecision actual, String mismatch) {

    public boolean passed() {
        return mismatch == null;
    }
}
