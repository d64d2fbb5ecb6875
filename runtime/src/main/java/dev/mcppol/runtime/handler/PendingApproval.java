package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.bundle.RuleInfo;
import tools.jackson.databind.JsonNode;

/**
 * A call held while the user is asked (MCP elicitation): the original request, forwarded unchanged if
 * the user approves, and what the answer must be bound to.
 *
 * @param requestId     the id of the proxy's own {@code elicitation/create}
 * @param call          the held {@code tools/call} message
 * @param argumentsHash the call's {@link dev.mcppol.runtime.approval.ArgumentHash} (the answer is bound to it)
 * @param deadline      when the call is denied for want of an answer
 */
record PendingApproval(String requestId, JsonNode call, String tool, JsonNode arguments, String argumentsHash,
                       RuleInfo rule, long deadline) {
}
