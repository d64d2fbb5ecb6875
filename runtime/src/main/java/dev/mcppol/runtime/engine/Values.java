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
            List<JsonNode> next = new ArrayList<>(current.size());
            for (JsonNode v : current) {
                if (seg instanceof PathSeg.Key k) {
                    if (v.isObject()) {
                        JsonNode c = v.get(k.name());
                        if (c != null) {
                            next.add(c);
                        }
                    }
                } else if (seg instanceof PathSeg.Index i) {
                    if (v.isArray() && i.index() < v.size()) {
                        next.add(v.get(i.index()));
                    }
                } else if (v.isArray()) {
                    v.forEach(next::add);
                }
            }
            current = next;
        }
        return current;
    }
}
