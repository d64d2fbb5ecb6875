package dev.mcppol.compiler.schema;

import dev.mcppol.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a server offers besides tools, as {@code mcppol schema pull} records it next to {@code tools}:
 * {@code resources}, {@code resourceTemplates} and {@code prompts}. A snapshot without those keys says
 * nothing about them, and nothing is checked against it.
 *
 * @param resources whether some snapshot lists resources (then {@code uris} and {@code templates} are all)
 * @param prompts   prompt name to its {@code prompts/list} entry, or null when no snapshot lists prompts
 */
public record MethodCatalog(boolean resources, List<String> uris, List<String> templates,
                            Map<String, JsonNode> prompts) {

    public static final MethodCatalog EMPTY = new MethodCatalog(false, List.of(), List.of(), null);

    /** The union of what the files record; a file that cannot be read is reported by the schema loader. */
    public static MethodCatalog load(List<Path> files) {
        boolean resources = false;
        List<String> uris = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        Map<String, JsonNode> prompts = null;
        for (Path f : files) {
            JsonNode doc;
            try {
                byte[] raw = Files.readAllBytes(f);
                doc = Json.tree(() -> Json.MAPPER.readTree(raw));
            } catch (IOException | RuntimeException e) {
                continue;
            }
            JsonNode root = doc != null && doc.has("result") && doc.has("jsonrpc") ? doc.get("result") : doc;
            if (root == null || !root.isObject()) {
                continue;
            }
            if (root.path("resources").isArray() || root.path("resourceTemplates").isArray()) {
                resources = true;
                root.path("resources").forEach(r -> {
                    if (r.path("uri").isString()) {
                        uris.add(r.get("uri").stringValue());
                    }
                });
                root.path("resourceTemplates").forEach(t -> {
                    if (t.path("uriTemplate").isString()) {
                        templates.add(t.get("uriTemplate").stringValue());
                    }
                });
            }
            if (root.path("prompts").isArray()) {
                prompts = prompts == null ? new TreeMap<>() : prompts;
                for (JsonNode p : root.get("prompts")) {
                    if (p.path("name").isString()) {
                        prompts.put(p.get("name").stringValue(), p);
                    }
                }
            }
        }
        return new MethodCatalog(resources, uris, templates, prompts);
    }

    /**
     * Each prompt's arguments as an {@code inputSchema} (string properties, the required ones
     * required), so the checks of tool arguments — unknown names with "did you mean", {@code require}
     * of an undeclared argument — apply to prompt rules unchanged.
     */
    public Map<String, JsonNode> promptSchemas() {
        Map<String, JsonNode> out = new TreeMap<>();
        if (prompts == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : prompts.entrySet()) {
            ObjectNode entry = Json.NODES.objectNode();
            entry.put("name", e.getKey());
            ObjectNode schema = entry.putObject("inputSchema");
            schema.put("type", "object");
            ObjectNode props = schema.putObject("properties");
            ArrayNode required = schema.putArray("required");
            for (JsonNode a : e.getValue().path("arguments")) {
                if (a.path("name").isString()) {
                    props.putObject(a.get("name").stringValue()).put("type", "string");
                    if (a.path("required").asBoolean(false)) {
                        required.add(a.get("name").stringValue());
                    }
                }
            }
            out.put(e.getKey(), entry);
        }
        return out;
    }
}
