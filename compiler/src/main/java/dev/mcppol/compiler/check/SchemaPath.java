package dev.mcppol.compiler.check;

import dev.mcppol.runtime.model.PathSeg;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows an argument path through a tool's {@code inputSchema}: {@code properties} for keys,
 * {@code items}/{@code prefixItems} for elements, {@code $ref} (local JSON pointers such as
 * {@code #/$defs/X} and {@code #/definitions/X}) and the branches of {@code anyOf}/{@code oneOf}/{@code allOf}.
 *
 * <p>An object schema without {@code properties} (and without {@code additionalProperties: false})
 * says nothing about its keys, so every key is accepted there: only a declared shape can make a
 * path unknown.
 */
public final class SchemaPath {

    /** Where a path leads: the alternatives it may have there, or why it leads nowhere. */
    public sealed interface Resolution permits Found, Missing {
    }

    /** @param schemas the possible schemas of the value; empty when nothing is known about it */
    public record Found(List<JsonNode> schemas) implements Resolution {
        public Found {
            schemas = List.copyOf(schemas);
        }

        public boolean opaque() {
            return schemas.isEmpty();
        }
    }

    /**
     * @param segment  index of the first segment that does not exist
     * @param known    the keys the parent declares (for "did you mean")
     * @param parentIs the parent's type when it cannot have this segment at all (e.g. a number), else null
     */
    public record Missing(int segment, Set<String> known, String parentIs) implements Resolution {
    }

    /** Nested {@code $ref}s and combinators deeper than this are treated as unknown (and cycles end here). */
    private static final int MAX_DEPTH = 32;

    private SchemaPath() {
    }

    /** The tool entry's {@code inputSchema}, or null when it has none. */
    public static JsonNode inputSchema(JsonNode toolEntry) {
        JsonNode s = toolEntry == null ? null : toolEntry.get("inputSchema");
        return s != null && s.isObject() ? s : null;
    }

    public static Resolution resolve(JsonNode root, List<PathSeg> path) {
        List<JsonNode> current = new ArrayList<>(expand(root, root, 0));
        for (int i = 0; i < path.size(); i++) {
            if (current.isEmpty()) {
                return new Found(List.of());
            }
            PathSeg seg = path.get(i);
            List<JsonNode> next = new ArrayList<>();
            Set<String> known = new LinkedHashSet<>();
            boolean open = false;
            boolean anyContainer = false;
            for (JsonNode s : current) {
                Step step = seg.accept(new PathSeg.Visitor<Step>() {
                    public Step key(PathSeg.Key k) {
                        return SchemaPath.key(s, k.name(), known);
                    }

                    public Step index(PathSeg.Index idx) {
                        return element(s, idx.index());
                    }

                    public Step any(PathSeg.Any a) {
                        return element(s, -1);
                    }
                });
                if (step == Step.OPEN) {
                    open = true;
                } else if (step != null && step != Step.NONE) {
                    next.addAll(expand(root, step.schema, 0));
                }
                anyContainer |= step != null;
            }
            if (open) {
                return new Found(List.of());
            }
            if (next.isEmpty()) {
                String parentIs = anyContainer ? null : describe(current);
                return new Missing(i, known, parentIs);
            }
            current = next;
        }
        return new Found(current);
    }

    /** The result of one step from one schema: a child schema, OPEN (anything goes), NONE (declared absent). */
    private record Step(JsonNode schema) {
        static final Step OPEN = new Step(null);
        static final Step NONE = new Step(null);
    }

    /** A key step; null when the schema cannot be an object at all. */
    private static Step key(JsonNode s, String name, Set<String> known) {
        if (!canBe(s, "object")) {
            return null;
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            props.propertyNames().forEach(known::add);
            if (props.has(name)) {
                return new Step(props.get(name));
            }
        }
        JsonNode patterns = s.get("patternProperties");
        if (patterns != null && patterns.isObject() && patterns.size() > 0) {
            return Step.OPEN;
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            return new Step(additional);
        }
        if (additional != null && additional.isBoolean()) {
            return additional.booleanValue() ? Step.OPEN : Step.NONE;
        }
        // No declared shape: any key may be there. A declared `properties` list is the shape.
        return props != null && props.isObject() ? Step.NONE : Step.OPEN;
    }

    /** An element step ({@code [0]}, or {@code [*]} as {@code index} -1); null when the schema cannot be an array. */
    private static Step element(JsonNode s, int index) {
        if (!canBe(s, "array")) {
            return null;
        }
        JsonNode prefix = s.get("prefixItems");
        JsonNode items = s.get("items");
        if (index >= 0) {
            JsonNode tuple = prefix != null && prefix.isArray() ? prefix : items != null && items.isArray() ? items
                    : null;
            if (tuple != null && index < tuple.size()) {
                return new Step(tuple.get(index));
            }
        }
        if (items != null && items.isObject()) {
            return new Step(items);
        }
        return Step.OPEN;
    }

    /** The schema with {@code $ref}s followed and {@code anyOf}/{@code oneOf}/{@code allOf} spread into alternatives. */
    static List<JsonNode> expand(JsonNode root, JsonNode s, int depth) {
        List<JsonNode> out = new ArrayList<>();
        if (s == null || !s.isObject() || depth > MAX_DEPTH) {
            return out;
        }
        JsonNode ref = s.get("$ref");
        if (ref != null && ref.isString()) {
            JsonNode target = pointer(root, ref.stringValue());
            if (target == null) {
                return out;
            }
            out.addAll(expand(root, target, depth + 1));
            return out;
        }
        boolean branched = false;
        for (String comb : List.of("anyOf", "oneOf", "allOf")) {
            JsonNode branches = s.get(comb);
            if (branches != null && branches.isArray()) {
                branched = true;
                for (JsonNode b : branches) {
                    out.addAll(expand(root, b, depth + 1));
                }
            }
        }
        // A schema with its own type or properties next to the combinator is an alternative too.
        if (!branched || s.has("type") || s.has("properties") || s.has("items")) {
            out.add(s);
        }
        return out;
    }

    /** A local JSON pointer ({@code #/$defs/X}, {@code #/definitions/X}, {@code #}); null for anything else. */
    static JsonNode pointer(JsonNode root, String ref) {
        if (ref.equals("#")) {
            return root;
        }
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode at = root;
        for (String part : ref.substring(2).split("/", -1)) {
            String key = java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("~1", "/").replace("~0", "~");
            at = at == null ? null : at.isArray() && key.matches("\\d+") ? at.get(Integer.parseInt(key)) : at.get(key);
        }
        return at;
    }

    /**
     * The JSON types a schema admits ({@code string number integer boolean array object null}), from
     * {@code type}, type arrays, {@code const} and {@code enum}; null when it does not say.
     */
    static Set<String> types(JsonNode s) {
        JsonNode type = s.get("type");
        Set<String> out = new LinkedHashSet<>();
        if (type != null && type.isString()) {
            out.add(type.stringValue());
            return out;
        }
        if (type != null && type.isArray()) {
            type.forEach(t -> out.add(t.asString()));
            return out;
        }
        JsonNode konst = s.get("const");
        if (konst != null) {
            out.add(Types.of(konst));
            return out;
        }
        JsonNode en = s.get("enum");
        if (en != null && en.isArray()) {
            en.forEach(v -> out.add(Types.of(v)));
            return out;
        }
        return null;
    }

    /** Whether a schema may describe a value of this type (unknown types may be anything). */
    static boolean canBe(JsonNode s, String type) {
        Set<String> t = types(s);
        return t == null || t.contains(type) || (type.equals("number") && t.contains("integer"));
    }

    /** The values an alternative allows when it enumerates them ({@code enum} or {@code const}), else null. */
    static List<JsonNode> enumerated(JsonNode s) {
        JsonNode konst = s.get("const");
        if (konst != null) {
            return List.of(konst);
        }
        JsonNode en = s.get("enum");
        if (en != null && en.isArray()) {
            List<JsonNode> out = new ArrayList<>();
            en.forEach(out::add);
            return out;
        }
        return null;
    }

    /** "a number", "a string or a null" … for messages. */
    static String describe(List<JsonNode> schemas) {
        Set<String> all = new LinkedHashSet<>();
        for (JsonNode s : schemas) {
            Set<String> t = types(s);
            if (t == null) {
                return "of unknown type";
            }
            all.addAll(t);
        }
        return Types.phrase(all);
    }

    /**
     * Whether the schema guarantees the path is present: every step is a key its parent lists in
     * {@code required}, in every alternative. An element step is never guaranteed (arrays may be empty).
     */
    static boolean requiredPath(JsonNode root, List<PathSeg> path) {
        for (int i = 0; i < path.size(); i++) {
            if (!(path.get(i) instanceof PathSeg.Key k)) {
                return false;
            }
            if (!(resolve(root, path.subList(0, i)) instanceof Found f) || f.opaque()) {
                return false;
            }
            for (JsonNode parent : f.schemas()) {
                JsonNode req = parent.get("required");
                boolean listed = false;
                if (req != null && req.isArray()) {
                    for (JsonNode r : req) {
                        listed |= r.isString() && r.stringValue().equals(k.name());
                    }
                }
                if (!listed) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Tool name to input schema, for the tools of {@code schemas} a target (name or glob) covers. */
    static Map<String, JsonNode> covered(String target, Map<String, JsonNode> schemas) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> e : schemas.entrySet()) {
            if (e.getKey().equals(target) || (dev.mcppol.runtime.model.Globs.isGlob(target)
                    && dev.mcppol.runtime.model.Globs.matches(target, e.getKey()))) {
                JsonNode in = inputSchema(e.getValue());
                if (in != null) {
                    out.put(e.getKey(), in);
                }
            }
        }
        return out;
    }
}
