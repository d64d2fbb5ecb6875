package dev.mcppol.lsp;

import dev.mcppol.compiler.check.OperatorTypes;
import dev.mcppol.compiler.check.SchemaPath;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.PathSeg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a tool's input schema says about an argument path, for people: its types, enumerated values,
 * description and children. Paths are followed by the compiler's own {@link SchemaPath}, so the
 * editor and the checker agree on what exists.
 */
final class SchemaInfo {
    private SchemaInfo() {
    }

    /** The alternatives of the value at {@code path} in the tool; empty when unknown or absent. */
    static List<JsonNode> at(JsonNode toolEntry, List<PathSeg> path) {
        JsonNode root = SchemaPath.inputSchema(toolEntry);
        if (root == null) {
            return List.of();
        }
        return SchemaPath.resolve(root, path) instanceof SchemaPath.Found f ? f.schemas() : List.of();
    }

    /** The JSON types the alternatives admit ({@code type}, type lists, {@code const}, {@code enum}); empty when one does not say. */
    static Set<String> types(List<JsonNode> alternatives) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode s : alternatives) {
            JsonNode type = s.get("type");
            if (type != null && type.isString()) {
                out.add(type.stringValue());
            } else if (type != null && type.isArray()) {
                type.forEach(t -> out.add(t.asString()));
            } else if (s.has("const")) {
                out.add(JsonValues.typeName(s.get("const")));
            } else if (s.get("enum") != null && s.get("enum").isArray()) {
                s.get("enum").forEach(v -> out.add(JsonValues.typeName(v)));
            } else {
                return Set.of();
            }
        }
        return out;
    }

    /** The values the alternatives enumerate ({@code enum}, {@code const}); empty when any admits more. */
    static List<JsonNode> enumerated(List<JsonNode> alternatives) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : alternatives) {
            if (s.has("const")) {
                out.add(s.get("const"));
            } else if (s.get("enum") != null && s.get("enum").isArray()) {
                s.get("enum").forEach(out::add);
            } else if (types(List.of(s)).equals(Set.of("boolean"))) {
                out.add(dev.mcppol.runtime.json.Json.NODES.booleanNode(true));
                out.add(dev.mcppol.runtime.json.Json.NODES.booleanNode(false));
            } else {
                return List.of();
            }
        }
        return out;
    }

    static String description(List<JsonNode> alternatives) {
        for (JsonNode s : alternatives) {
            JsonNode d = s.get("description");
            if (d != null && d.isString()) {
                return d.stringValue();
            }
        }
        return null;
    }

    /** The keys the value at {@code path} declares, each with its own alternatives, in schema order. */
    static Map<String, List<JsonNode>> children(JsonNode toolEntry, List<PathSeg> path) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (JsonNode s : at(toolEntry, path)) {
            JsonNode props = s.get("properties");
            if (props != null && props.isObject()) {
                for (String key : props.propertyNames()) {
                    List<PathSeg> child = new ArrayList<>(path);
                    child.add(new PathSeg.Key(key));
                    out.putIfAbsent(key, at(toolEntry, child));
                }
            }
        }
        return out;
    }

    /** Whether the key is listed as required by the value at {@code parent}. */
    static boolean required(JsonNode toolEntry, List<PathSeg> parent, String key) {
        for (JsonNode s : at(toolEntry, parent)) {
            JsonNode req = s.get("required");
            if (req != null && req.isArray()) {
                for (JsonNode r : req) {
                    if (r.isString() && r.stringValue().equals(key)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** "string", "integer or null", "unknown type". */
    static String typeText(List<JsonNode> alternatives) {
        Set<String> t = types(alternatives);
        return t.isEmpty() ? "any type" : String.join(" or ", t);
    }

    /**
     * The operators that can hold on a value of these types (TypeCheck reports the others as E103),
     * from the compiler's operator table: a new operator is offered without an edit here.
     */
    static List<String> operators(Set<String> types) {
        return OperatorTypes.holdingOn(types);
    }
}
