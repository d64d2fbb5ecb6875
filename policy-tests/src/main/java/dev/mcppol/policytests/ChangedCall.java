package dev.mcppol.policytests;

import dev.mcppol.runtime.handler.CallDecision;
import tools.jackson.databind.JsonNode;

/** A replayed call whose outcome differs between the baseline policy and the new one. */
public record ChangedCall(String file, int line, String session, String identity, String tool, JsonNode arguments,
                          CallDecision before, CallDecision after) {
}
