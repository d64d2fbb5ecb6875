package dev.mcppol.runtime.engine;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Checks a call's arguments against the tool's {@code inputSchema}: the bundle's copy when it has
 * one, else the schema the session's own {@code tools/list} announced. No schema known: a problem.
 */
final class SchemaChecker {

    private final Map<String, JsonNode> bundleSchemas;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<JsonNode, Schema> compiled = new ConcurrentHashMap<>();

    /** @param bundleSchemas tool name to its {@code tools/list} entry */
    SchemaChecker(Map<String, JsonNode> bundleSchemas) {
        this.bundleSchemas = bundleSchemas;
    }

    /** Null when the arguments conform; else what is wrong, in words. */
    String problem(Call call, boolean requiredOnly) {
        JsonNode schema = null;
        JsonNode entry = bundleSchemas.get(call.tool());
        if (entry != null) {
            schema = entry.get("inputSchema");
        }
        if (schema == null) {
            schema = call.sessionSchema();
        }
        if (schema == null || !schema.isObject()) {
            return "no inputSchema is known for tool " + call.tool()
                    + " (neither in the bundle nor in this session's tools/list), so its arguments cannot be checked";
        }
        JsonNode args = call.arguments();
        if (requiredOnly) {
            JsonNode required = schema.get("required");
            if (required != null && required.isArray()) {
                for (JsonNode r : required) {
                    if (r.isString() && (args == null || !args.isObject() || !args.has(r.stringValue()))) {
                        return "missing required argument '" + r.stringValue() + "'";
                    }
                }
            }
            return null;
        }
        Schema s = compiled.computeIfAbsent(schema, registry::getSchema);
        List<Error> errors = s.validate(args == null ? dev.mcppol.runtime.json.Json.NODES.objectNode() : args);
        if (errors.isEmpty()) {
            return null;
        }
        return "arguments do not satisfy the inputSchema of " + call.tool() + ": " + errors.get(0).toString();
    }
}
