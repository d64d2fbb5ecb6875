package dev.mcppol.runtime.engine;

import tools.jackson.databind.JsonNode;

/**
 * One {@code tools/call} to decide.
 *
 * @param arguments     the call's arguments (an object; anything else is treated as no arguments)
 * @param session       the MCP session, or null when there is none (stateless HTTP)
 * @param identity      who the agent acts for, or null
 * @param nowMillis     the decision's time (a virtual clock in replays)
 * @param sessionSchema the {@code inputSchema} this session's {@code tools/list} announced for the tool, or null
 * @param claims        the caller's verified token claims (an object), or null when none were verified
 */
public record Call(String tool, JsonNode arguments, String session, String identity, long nowMillis,
                   JsonNode sessionSchema, JsonNode claims) {

    /** A call without verified claims. */
    public Call(String tool, JsonNode arguments, String session, String identity, long nowMillis,
                JsonNode sessionSchema) {
        this(tool, arguments, session, identity, nowMillis, sessionSchema, null);
    }
}
