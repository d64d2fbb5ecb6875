package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.ir.Span;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON value that remembers where it was written. Jackson's own trees drop locations,
 * and an importer's every error must name file, line and column, so the readers build these.
 */
public sealed interface PNode permits PNode.PMap, PNode.PList, PNode.PScalar {

    Span span();

    /** What the value is, as a user reads it in an error message. */
    String describe();

    /** One key of a mapping: the key's own position, and its value. */
    record Entry(String key, Span keySpan, PNode value) {
    }

    record PMap(Map<String, Entry> entries, Span span) implements PNode {
        public PMap {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public PNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public Entry entry(String key) {
            return entries.get(key);
        }

        public String describe() {
            return "a mapping";
        }
    }

    record PList(List<PNode> items, Span span) implements PNode {
        public PList {
            items = List.copyOf(items);
        }

        public String describe() {
            return "a list";
        }
    }

    enum ScalarKind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    /**
     * @param text   the scalar's text as parsed (unquoted)
     * @param number exact value for INTEGER and DECIMAL, else null
     */
    record PScalar(ScalarKind kind, String text, BigDecimal number, Span span) implements PNode {
        public boolean isString() {
            return kind == ScalarKind.STRING;
        }

        public boolean isNumber() {
            return kind == ScalarKind.INTEGER || kind == ScalarKind.DECIMAL;
        }

        public String describe() {
            return switch (kind) {
                case STRING -> "the string " + dev.mcppol.runtime.model.Texts.quote(text);
                case INTEGER, DECIMAL -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "null";
            };
        }
    }
}
