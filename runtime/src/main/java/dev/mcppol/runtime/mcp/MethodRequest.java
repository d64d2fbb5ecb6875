package dev.mcppol.runtime.mcp;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.MethodKind;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a decision on a request other than {@code tools/call} reads from it: the kind, the subject its
 * rules name and the object its conditions look at. One reading for the proxy and the replay.
 *
 * <ul>
 * <li>{@code resources/read}, {@code resources/subscribe}: subject = {@code params.uri}; arguments =
 *     {@code {"uri": …}} plus the variables of the first listed template that matches the URI;</li>
 * <li>{@code prompts/get}: subject = {@code params.name}; arguments = {@code params.arguments};</li>
 * <li>{@code sampling/createMessage}, {@code elicitation/create}, {@code roots/list}: subject = the
 *     kind's name; arguments = {@code params} ({@code maxTokens}, {@code messages}, …).</li>
 * </ul>
 *
 * @param problem null when well formed; else why the request cannot be decided (it is then refused)
 * @param template the template whose variables were bound, or null
 */
public record MethodRequest(MethodKind kind, JsonNode id, String subject, JsonNode arguments, String template,
                            String problem) {

    public boolean wellFormed() {
        return problem == null;
    }

    /**
     * Reads a request of {@code kind}.
     *
     * @param templates the resource templates the session was shown (text to template), in list order
     */
    public static MethodRequest of(MethodKind kind, JsonNode msg, Map<String, UriTemplate> templates) {
        String method = msg.path("method").asString("?");
        JsonNode id = msg.get("id");
        JsonNode params = msg.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            return bad(kind, id, method + " params are not an object");
        }
        ObjectNode p = params == null || params.isNull() ? Json.NODES.objectNode() : (ObjectNode) params;
        switch (kind) {
            case RESOURCES -> {
                JsonNode uri = p.get("uri");
                if (uri == null || !uri.isString() || uri.stringValue().isEmpty()) {
                    return bad(kind, id, method + " without a uri");
                }
                ObjectNode args = Json.NODES.objectNode();
                String bound = null;
                for (UriTemplate t : templates.values()) {
                    Map<String, String> vars = t.match(uri.stringValue());
                    if (vars != null) {
                        vars.forEach(args::put);
                        bound = t.text();
                        break;
                    }
                }
                args.put("uri", uri.stringValue()); // last: a template variable called uri cannot hide the URI
                return new MethodRequest(kind, id, uri.stringValue(), args, bound, null);
            }
            case PROMPTS -> {
                JsonNode name = p.get("name");
                if (name == null || !name.isString() || name.stringValue().isEmpty()) {
                    return bad(kind, id, method + " without a prompt name");
                }
                JsonNode args = p.get("arguments");
                if (args == null || args.isNull()) {
                    args = Json.NODES.objectNode();
                } else if (!args.isObject()) {
                    return bad(kind, id, method + " arguments are not an object");
                }
                return new MethodRequest(kind, id, name.stringValue(), args, null, null);
            }
            case SAMPLING, ELICITATION, ROOTS -> {
                return new MethodRequest(kind, id, kind.noun(), p, null, null);
            }
        }
        throw new IllegalArgumentException("no reading for " + kind);
    }

    private static MethodRequest bad(MethodKind kind, JsonNode id, String problem) {
        return new MethodRequest(kind, id, null, null, null, problem);
    }
}
