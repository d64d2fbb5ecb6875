package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.json.TypeReading;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The lax-reading plans of schemas that sessions announced, made once per schema object: sessions
 * share the tool entries they were announced, so one object stands for one schema across calls. Keyed
 * by identity (a schema's own hash walks the whole tree), least recently used dropped past a bound.
 */
final class SessionPlans {
    private static final int MAX = 1024;

    /** A schema object, compared by identity. */
    private static final class Key {
        private final JsonNode schema;

        Key(JsonNode schema) {
            this.schema = schema;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    /** Null stands for "nothing reads otherwise", so it is kept as this marker. */
    private static final Object NONE = new Object();

    private final Map<Key, Object> plans = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
            return size() > MAX;
        }
    };

    synchronized TypeReading.Plan plan(JsonNode schema) {
        Key key = new Key(schema);
        Object p = plans.get(key);
        if (p == null) {
            TypeReading.Plan made = TypeReading.plan(schema);
            plans.put(key, made == null ? NONE : made);
            return made;
        }
        return p == NONE ? null : (TypeReading.Plan) p;
    }
}
