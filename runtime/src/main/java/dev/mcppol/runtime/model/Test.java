package dev.mcppol.runtime.model;

import dev.mcppol.runtime.json.JsonValues;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What an atom asks of its operand's value. Every test is false when the value is absent or of a
 * type the test does not apply to; negation lives in the condition above the atom, never here.
 */
public sealed interface Test permits Test.Cmp, Test.In, Test.Matches, Test.Prefix, Test.Suffix, Test.Contains,
        Test.Exists, Test.Under {

    String text();

    /** {@code ==} and {@code !=} are typed JSON (in)equality; orderings apply to numbers only. */
    record Cmp(CmpOp op, JsonNode value) implements Test {
        public String text() {
            return op.symbol() + " " + JsonValues.canonical(value);
        }
    }

    record In(List<JsonNode> values) implements Test {
        public In {
            values = List.copyOf(values);
        }

        public String text() {
            return "in " + JsonValues.canonicalList(values);
        }
    }

    /** RE2 syntax, unanchored: {@code find}, not {@code matches}. */
    record Matches(String regex) implements Test {
        public String text() {
            return "matches /" + regex.replace("/", "\\/") + "/";
        }
    }

    record Prefix(String prefix) implements Test {
        public String text() {
            return "startsWith " + Texts.quote(prefix);
        }
    }

    record Suffix(String suffix) implements Test {
        public String text() {
            return "endsWith " + Texts.quote(suffix);
        }
    }

    /** Substring of a string, or an element (typed equality) of an array. */
    record Contains(JsonNode value) implements Test {
        public String text() {
            return "contains " + JsonValues.canonical(value);
        }
    }

    /** Present and not {@code null}. */
    record Exists() implements Test {
        public String text() {
            return "exists";
        }
    }

    /**
     * The value is a path (or {@code file:} URI) at or below {@code base}, compared segment by segment
     * after normalising {@code .}, {@code ..} and repeated separators ({@link Paths}); {@code base} is
     * absolute and already normal. A path whose reading is not certain denies the call ({@link Paths#ambiguous}).
     * A base written as a {@code file:} URI ({@code file:///data/work}) reads values as URIs instead
     * ({@link FileUris}): another scheme is not under it, and a {@code ..} segment is ambiguous.
     */
    record Under(String base) implements Test {
        public String text() {
            return "under " + Texts.quote(base);
        }
    }
}
