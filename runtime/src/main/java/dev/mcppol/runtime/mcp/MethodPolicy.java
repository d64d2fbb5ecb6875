package dev.mcppol.runtime.mcp;

import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.engine.EvaluationState;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.MethodKind;
import dev.mcppol.runtime.model.Outcome;
import dev.mcppol.runtime.model.UriReading;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the policy does with requests other than {@code tools/call}, with no transport in sight: the
 * proxy and the replay of {@code mcppol test} both ask here, so a recording replays as it was decided.
 *
 * <ul>
 * <li>{@code resources/read}, {@code resources/subscribe}, {@code prompts/get} and the server's
 *     {@code sampling/createMessage}, {@code elicitation/create}, {@code roots/list} are decided by the
 *     kind's section of the bundle ({@link #decide});</li>
 * <li>{@code completion/complete} for a hidden prompt or resource is denied ({@link #completion});</li>
 * <li>{@code resources/list}, {@code resources/templates/list} and {@code prompts/list} answers lose
 *     what the policy hides or always denies ({@link #filterList}).</li>
 * </ul>
 * A kind the policy does not name passes unchecked.
 */
public final class MethodPolicy {
    private MethodPolicy() {
    }

    /** Resource templates a session was shown, by text, in list order: their variables feed conditions. */
    public static final int MAX_TEMPLATES = 1024;

    /**
     * A decided request.
     *
     * @param decision null when the policy leaves the kind unchecked (the request passes)
     */
    public record Verdict(MethodRequest request, Decision decision) {
        public boolean checked() {
            return decision != null || !request.wellFormed();
        }
    }

    /** The kind a request method is decided as, or null (not a decided method). */
    public static MethodKind kindOf(String method) {
        return MethodKind.ofMethod(method);
    }

    /**
     * Decides one request of {@code kind}. A request that cannot be read is returned with its problem
     * (deny it) when the kind is checked; an unchecked kind is never read at all.
     */
    public static Verdict decide(Engine root, MethodKind kind, JsonNode msg, Map<String, UriTemplate> templates,
                                 String session, String identity, long now) {
        Engine section = root.method(kind);
        MethodRequest r = MethodRequest.of(kind, msg, section == null ? Map.of() : templates);
        if (section == null) {
            return new Verdict(r.wellFormed() ? r : new MethodRequest(kind, r.id(), null, null, null, null), null);
        }
        if (!r.wellFormed()) {
            return new Verdict(r, null);
        }
        Call call = subjectCall(section, r, session, identity, now);
        if (kind == MethodKind.RESOURCES && ambiguousUri(section, kind, msg, templates, call, r.subject())) {
            String reason = "the resource URI reads otherwise to a normalising server (WHATWG URL, RFC 3986: the"
                    + " scheme's case, dot segments, escaped plain characters, a backslash, a tab or line break), and the"
                    + " policy decides the two readings differently (denied: fail closed)";
            return new Verdict(r, new Decision(Outcome.DENY, List.of(new RuleInfo(RULE_AMBIGUOUS_URI, Effect.DENY,
                    reason, null)), reason, null, 0));
        }
        return new Verdict(r, section.decide(call));
    }

    /** The rule of a resource request whose URI a normalising server reads as one the policy decides otherwise. */
    public static final String RULE_AMBIGUOUS_URI = "mcppol:ambiguous-uri";

    /** The call a request is decided as: a read through a template the policy hides is the template itself (its hide rule). */
    private static Call subjectCall(Engine section, MethodRequest r, String session, String identity, long now) {
        String subject = r.template() != null && section.isHidden(r.template()) ? r.template() : r.subject();
        return new Call(subject, r.arguments(), session, identity, now, null);
    }

    /**
     * Whether the URI as written and as a normalising server reads it ({@link UriReading#canonical})
     * reach decisions with another outcome, rule or limits. Nothing is counted: leaves only.
     */
    private static boolean ambiguousUri(Engine section, MethodKind kind, JsonNode msg, Map<String, UriTemplate> templates,
                                        Call asWritten, String uri) {
        String canonical = UriReading.canonical(uri);
        if (canonical.equals(uri)) {
            return false;
        }
        JsonNode copy = msg.deepCopy();
        ((ObjectNode) copy.get("params")).put("uri", canonical);
        MethodRequest read = MethodRequest.of(kind, copy, templates);
        if (!read.wellFormed()) {
            return true;
        }
        Call asRead = subjectCall(section, read, asWritten.session(), asWritten.identity(), asWritten.nowMillis());
        Leaf a = section.leafFor(asWritten, new EvaluationState());
        Leaf b = section.leafFor(asRead, new EvaluationState());
        return a.outcome() != b.outcome() || !a.rules().equals(b.rules()) || !a.limits().equals(b.limits());
    }

    /**
     * {@code completion/complete} asks for values of a prompt's or a resource template's arguments:
     * denied when the policy hides that prompt or resource (null: it passes). Nothing is counted.
     */
    public static String completionRefusal(Engine root, JsonNode msg) {
        JsonNode ref = msg.path("params").path("ref");
        String type = ref.path("type").asString("");
        if (type.equals("ref/prompt")) {
            Engine prompts = root.method(MethodKind.PROMPTS);
            String name = ref.path("name").asString(null);
            if (prompts != null && (name == null || !visible(prompts, name))) {
                return name == null ? "completion/complete without a prompt name" : "prompt " + name
                        + " is hidden by the policy";
            }
        } else if (type.equals("ref/resource")) {
            Engine resources = root.method(MethodKind.RESOURCES);
            String uri = ref.path("uri").asString(null);
            if (resources != null && (uri == null || !visible(resources, uri))) {
                return uri == null ? "completion/complete without a resource uri" : "resource " + uri
                        + " is hidden by the policy";
            }
        } else if (root.method(MethodKind.PROMPTS) != null || root.method(MethodKind.RESOURCES) != null) {
            return "completion/complete with an unknown ref type '" + type + "' (fail closed)";
        }
        return null;
    }

    /** The list a {@code METHOD} answer carries, and the key that names each entry. */
    private record ListShape(MethodKind kind, String array, String key) {
    }

    private static ListShape shapeOf(String method) {
        return switch (method == null ? "" : method) {
            case "resources/list" -> new ListShape(MethodKind.RESOURCES, "resources", "uri");
            case "resources/templates/list" -> new ListShape(MethodKind.RESOURCES, "resourceTemplates", "uriTemplate");
            case "prompts/list" -> new ListShape(MethodKind.PROMPTS, "prompts", "name");
            default -> null;
        };
    }

    /** True for a list method whose answers the policy may filter. */
    public static boolean isFilteredList(String method) {
        return shapeOf(method) != null;
    }

    /**
     * The answer to {@code method} (a list) without the entries the policy hides or always denies, or
     * null when nothing is removed. An entry without its name cannot be checked and is dropped.
     */
    public static JsonNode filterList(Engine root, String method, JsonNode response) {
        ListShape shape = shapeOf(method);
        if (shape == null) {
            return null;
        }
        Engine section = root.method(shape.kind());
        JsonNode entries = response.path("result").get(shape.array());
        if (section == null || entries == null || !entries.isArray()) {
            return null;
        }
        ArrayNode kept = Json.NODES.arrayNode();
        for (JsonNode e : entries) {
            JsonNode name = e.get(shape.key());
            if (name != null && name.isString() && visible(section, name.stringValue())) {
                kept.add(e);
            }
        }
        if (kept.size() == entries.size()) {
            return null;
        }
        ObjectNode copy = (ObjectNode) response.deepCopy();
        ((ObjectNode) copy.get("result")).set(shape.array(), kept);
        return copy;
    }

    /** The templates a {@code resources/templates/list} answer shows, added to {@code into} (bounded). */
    public static void rememberTemplates(JsonNode response, Map<String, UriTemplate> into) {
        JsonNode entries = response.path("result").get("resourceTemplates");
        if (entries == null || !entries.isArray()) {
            return;
        }
        for (JsonNode e : entries) {
            JsonNode t = e.get("uriTemplate");
            if (t != null && t.isString() && into.size() < MAX_TEMPLATES && !into.containsKey(t.stringValue())) {
                UriTemplate parsed = UriTemplate.parse(t.stringValue());
                if (parsed != null) {
                    into.put(t.stringValue(), parsed);
                }
            }
        }
    }

    public static Map<String, UriTemplate> newTemplates() {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    }

    /** Shown in a list: not hidden, and not denied whatever the request carries. */
    static boolean visible(Engine section, String subject) {
        return !section.isHidden(subject) && !section.alwaysDenies(subject);
    }
}
