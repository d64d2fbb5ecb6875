package dev.mcppol.compiler.check;

import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** What the schemas say about an atom's operand, per tool the rule covers. */
final class OperandTypes {
    private OperandTypes() {
    }

    /**
     * Tool name to the alternatives of the operand's value there, for the tools where the path
     * leads to a known shape; context operands ({@code session}, {@code identity}) get no entry.
     */
    static Map<String, List<JsonNode>> shapes(Rule rule, Atom.Check check, Map<String, JsonNode> schemas) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        List<PathSeg> path = Operand.argumentPath(check.operand());
        if (path == null || path.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : SchemaPath.covered(rule.target(), schemas).entrySet()) {
            if (SchemaPath.resolve(e.getValue(), path) instanceof SchemaPath.Found f && !f.opaque()) {
                out.put(e.getKey(), f.schemas());
            }
        }
        return out;
    }

    /** The union of the types the alternatives admit; null when one of them does not say. */
    static Set<String> types(List<JsonNode> alternatives) {
        Set<String> all = new LinkedHashSet<>();
        for (JsonNode s : alternatives) {
            Set<String> t = SchemaPath.types(s);
            if (t == null) {
                return null;
            }
            all.addAll(t);
        }
        return all;
    }
}
