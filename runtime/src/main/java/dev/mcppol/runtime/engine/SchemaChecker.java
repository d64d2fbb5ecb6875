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
        // The validator's order of errors can differ between two compilations of one schema (a $ref is
        // resolved lazily): the one named is chosen by where it is and what it says, so a reason is the
        // same in the proxy, in a replay and after the bundle is read again.
        Error first = java.util.Collections.min(errors, java.util.Comparator
                .comparing((Error e) -> String.valueOf(e.getInstanceLocation())).thenComparing(Error::toString));
        return "arguments do not satisfy the inputSchema of " + call.tool() + ": " + first;
    }
}
