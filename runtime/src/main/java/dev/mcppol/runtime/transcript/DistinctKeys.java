package dev.mcppol.runtime.transcript;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.util.JsonParserDelegate;

/**
 * A parser that refuses a key repeated in one object, at any depth, as {@code
 * StreamReadFeature.STRICT_DUPLICATE_DETECTION} does, without a set allocated for every object of
 * three keys or more (which cost the transcript scan a tenth of its time): an object's keys are
 * compared one by one, and only an object of more than {@value #LINEAR} keys gets a set. The keys of a
 * line's objects live in arrays kept from line to line: one instance per reader.
 *
 * <p>Only {@link #nextToken} is watched: what reads through the parser by other means (a value read
 * as a tree by the mapper) must not hold an object.
 */
final class DistinctKeys {
    private static final int LINEAR = 16;

    /** Thrown when a key repeats: the tree reading then reports it (the same words as Jackson's). */
    static final class Repeated extends RuntimeException {
        Repeated() {
            super("a repeated key", null, false, false);
        }
    }

    private static final Repeated REPEATED = new Repeated();

    private String[] keys = new String[64];
    private int count;
    /** Where each open object's keys start in {@link #keys}; its set when it has many. */
    private int[] starts = new int[16];
    private Set<String>[] sets = newSets(16);
    private int depth;

    /** {@code p}, watched; the keys of a previous line are forgotten. */
    JsonParser watch(JsonParser p) {
        count = 0;
        depth = 0;
        return new JsonParserDelegate(p) {
            @Override
            public JsonToken nextToken() {
                JsonToken t = delegate.nextToken();
                if (t == JsonToken.PROPERTY_NAME) {
                    newKey(delegate.currentName());
                } else if (t == JsonToken.START_OBJECT) {
                    enterObject();
                } else if (t == JsonToken.END_OBJECT) {
                    leaveObject();
                }
                return t;
            }
        };
    }

    private void enterObject() {
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
            sets = Arrays.copyOf(sets, depth * 2);
        }
        starts[depth++] = count;
    }

    private void leaveObject() {
        depth--;
        count = starts[depth];
        if (sets[depth] != null) {
            sets[depth] = null;
        }
    }

    private void newKey(String name) {
        int start = starts[depth - 1];
        Set<String> set = sets[depth - 1];
        if (set != null) {
            if (!set.add(name)) {
                throw REPEATED;
            }
            return;
        }
        for (int i = start; i < count; i++) {
            if (keys[i].equals(name)) {
                throw REPEATED;
            }
        }
        if (count - start == LINEAR) {
            set = new HashSet<>(Arrays.asList(keys).subList(start, count));
            set.add(name);
            sets[depth - 1] = set;
            return;
        }
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, count * 2);
        }
        keys[count++] = name;
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] newSets(int n) {
        return (Set<String>[]) new Set<?>[n];
    }
}
