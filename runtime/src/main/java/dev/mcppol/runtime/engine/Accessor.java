package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.model.PathSeg;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads one argument path from a call's arguments without allocating. Paths with {@code [*]} can
 * yield several values; {@link #anyMatch} visits them in place.
 */
final class Accessor {

    /** Object keys, interned: the parser interns property names, so lookups compare by identity first. */
    private final String[] keys;
    /** Per step: the element index of {@code [i]}, or {@link #KEY} or {@link #ANY}; read once from the path. */
    private final int[] steps;
    private final boolean fansOut;
    /** Index into the per-call cache of resolved single-valued paths, or -1. */
    final int slot;

    private static final int KEY = -1;
    private static final int ANY = -2;
    private static final PathSeg.Visitor<Integer> STEP = new PathSeg.Visitor<>() {
        public Integer key(PathSeg.Key s) {
            return KEY;
        }

        public Integer index(PathSeg.Index s) {
            return s.index();
        }

        public Integer any(PathSeg.Any s) {
            return ANY;
        }
    };

    Accessor(List<PathSeg> path, int slot) {
        this.keys = new String[path.size()];
        this.steps = new int[path.size()];
        boolean any = false;
        for (int i = 0; i < steps.length; i++) {
            steps[i] = path.get(i).accept(STEP);
            keys[i] = path.get(i) instanceof PathSeg.Key k ? k.name().intern() : null;
            any |= steps[i] == ANY;
        }
        this.fansOut = any;
        this.slot = any ? -1 : slot;
    }

    boolean fansOut() {
        return fansOut;
    }

    /** The key when the path is one object key, else null. */
    String singleKey() {
        return steps.length == 1 && steps[0] == KEY ? keys[0] : null;
    }

    /** The value of a single-valued path, or null when absent. */
    JsonNode get(JsonNode args) {
        JsonNode v = args;
        for (int s = 0; s < steps.length; s++) {
            if (v == null) {
                return null;
            }
            int step = steps[s];
            if (step == KEY) {
                v = v.isObject() ? v.get(keys[s]) : null;
            } else if (step == ANY) {
                throw new IllegalStateException("a path with [*] has no single value");
            } else {
                v = v.isArray() && step < v.size() ? v.get(step) : null;
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
        for (int i = from; i < steps.length; i++) {
            if (v == null) {
                return false;
            }
            int step = steps[i];
            if (step == KEY) {
                v = v.isObject() ? v.get(keys[i]) : null;
            } else if (step != ANY) {
                v = v.isArray() && step < v.size() ? v.get(step) : null;
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
