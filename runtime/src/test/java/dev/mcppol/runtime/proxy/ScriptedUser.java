package dev.mcppol.runtime.proxy;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The person behind an SDK client in the approval tests: approves a call whose question mentions
 * "approve-me" (with {@code note}), declines "decline-me", and never answers anything else until
 * {@code neverAnswer} is released. Every question asked is kept in {@code asked}.
 */
final class ScriptedUser {
    private ScriptedUser() {
    }

    static Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> answering(List<String> asked, String note,
                                                                                CountDownLatch neverAnswer) {
        return request -> {
            asked.add(request.message());
            if (request.message().contains("approve-me")) {
                return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("decision", "approve", "note", note));
            }
            if (request.message().contains("decline-me")) {
                return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null);
            }
            try {
                neverAnswer.await(60, TimeUnit.SECONDS); // a user who never answers (until the test ends)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("decision", "approve"));
        };
    }
}
