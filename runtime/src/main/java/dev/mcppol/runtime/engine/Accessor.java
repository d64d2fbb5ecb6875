package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.model.PathSeg;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads one argument path from a call's arguments without allocating. Paths with {@code [*]} can
 * yield several values; {@link #anyMatch} visits them in place.
 */
final class Accessor {

    private final PathSeg[] segs;
    /** Object keys, interned: the parser interns property names, so lookups compare by identity first. */
    private final String[] keys;
    private final boolean fansOut;
    /** Index into the per-call cache of resolved single-valued paths, or -1. */
    final int slot;

    Accessor(List<PathSeg> path, int slot) {
        this.segs = path.toArray(new PathSeg[0]);
        this.keys = new String[segs.length];
        for (int i = 0; i < segs.length; i++) {
            keys[i] = segs[i] instanceof PathSeg.Key k ? k.name().intern() : null;
        }
        boolean any = false;
        for (PathSeg s : segs) {
            any |= s instanceof PathSeg.Any;
        }
        this.fansOut = any;
        this.slot = any ? -1 : slot;
    }

    boolean fansOut() {
        return fansOut;
    }

    /** The value of a single-valued path, or null when absent. */
    JsonNode get(JsonNode args) {
        JsonNode v = args;
        for (int s = 0; s < segs.length; s++) {
            if (v == null) {
                return null;
            }
            String key = keys[s];
            if (key != null) {
                v = v.isObject() ? v.get(key) : null;
            } else {
                int i = ((PathSeg.Index) segs[s]).index();
                v = v.isArray() && i < v.size() ? v.get(i) : null;
            }
        }
        return v;
    }

    interface ValueTest {
        boolean test(JsonNode value);
    }

    /** True when some value the path yields passes the test. */
    boolean anyMatch(JsonNode args, ValueTest test) {
        return anyMatch(args, 0, test);
    }

    private boolean anyMatch(JsonNode v, int from, ValueTest test) {
        for (int i = from; i < segs.length; i++) {
            if (v == null) {
                return false;
            }
            PathSeg s = segs[i];
            if (s instanceof PathSeg.Key k) {
                v = v.isObject() ? v.get(k.name()) : null;
            } else if (s instanceof PathSeg.Index ix) {
                v = v.isArray() && ix.index() < v.size() ? v.get(ix.index()) : null;
            } else {
                if (!v.isArray()) {
                    return false;
                }
                for (JsonNode e : v) {
                    if (anyMatch(e, i + 1, test)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return v != null && test.test(v);
    }
}
