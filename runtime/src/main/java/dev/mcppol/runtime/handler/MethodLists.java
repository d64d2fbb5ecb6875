package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.mcp.MethodPolicy;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code resources/list}, {@code resources/templates/list}, {@code prompts/list}: the request goes on
 * unchanged and its answer (every page) loses what the policy hides or always denies. The templates a
 * session is shown are remembered: their variables are what resource conditions test.
 */
final class MethodLists implements MethodHandler {

    static final List<String> METHODS = List.of("resources/list", "resources/templates/list", "prompts/list");

    @Override
    public Handled handle(Inbound in) {
        String method = in.msg().path("method").asString(null);
        return in.msg().has("id") ? Handled.awaitingAnswer(response -> answer(method, response)) : Handled.FORWARD;
    }

    private static Handled answer(String method, Inbound response) {
        if ("resources/templates/list".equals(method)) {
            MethodPolicy.rememberTemplates(response.msg(), response.session().templates());
        }
        JsonNode filtered = MethodPolicy.filterList(response.engine(), method, response.msg());
        return filtered == null ? Handled.FORWARD : Handled.rewritten(filtered, List.of());
    }
}
