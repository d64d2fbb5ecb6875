package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.model.PathSeg;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Resolves argument paths; {@code [*]} fans out, so a path yields zero or more values. */
final class Values {
    private Values() {
    }

    static List<JsonNode> resolve(JsonNode args, List<PathSeg> path) {
        List<JsonNode> current = new ArrayList<>(1);
        if (args != null && args.isObject()) {
            current.add(args);
        }
        for (PathSeg seg : path) {
            if (current.isEmpty()) {
                return current;
            }
            current = seg.accept(new Step(current));
        }
        return current;
    }

    /** The values one step reaches from each of {@code from}'s. */
    private record Step(List<JsonNode> from) implements PathSeg.Visitor<List<JsonNode>> {
        public List<JsonNode> key(PathSeg.Key k) {
            List<JsonNode> next = new ArrayList<>(from.size());
            for (JsonNode v : from) {
                JsonNode c = v.isObject() ? v.get(k.name()) : null;
                if (c != null) {
                    next.add(c);
                }
            }
            return next;
        }

        public List<JsonNode> index(PathSeg.Index i) {
            List<JsonNode> next = new ArrayList<>(from.size());
            for (JsonNode v : from) {
                if (v.isArray() && i.index() < v.size()) {
                    next.add(v.get(i.index()));
                }
            }
            return next;
        }

        public List<JsonNode> any(PathSeg.Any a) {
            List<JsonNode> next = new ArrayList<>(from.size());
            for (JsonNode v : from) {
                if (v.isArray()) {
                    v.forEach(next::add);
                }
            }
            return next;
        }
    }
}
