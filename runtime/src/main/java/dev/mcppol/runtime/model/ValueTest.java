package dev.mcppol.runtime.model;

import dev.mcppol.runtime.json.JsonValues;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What an atom asks of its operand's value. Every test is false when the value is absent or of a
 * type the test does not apply to; negation lives in the condition above the atom, never here.
 */
public sealed interface ValueTest permits ValueTest.Cmp, ValueTest.In, ValueTest.Matches, ValueTest.Prefix, ValueTest.Suffix, ValueTest.Contains,
        ValueTest.Exists, ValueTest.Under {

    /** Dispatch to the visitor's method for this variant. */
    <R> R accept(Visitor<R> v);

    /**
     * What to do with each kind of test. One method per variant: a new variant is a compile error in every
     * visitor until it is handled there, where an {@code instanceof} chain would silently take it for
     * its last case.
     */
    interface Visitor<R> {
        R cmp(Cmp t);
        R in(In t);
        R matches(Matches t);
        R prefix(Prefix t);
        R suffix(Suffix t);
        R contains(Contains t);
        R exists(Exists t);
        R under(Under t);
    }

    String text();

    /** {@code ==} and {@code !=} are typed JSON (in)equality; orderings apply to numbers only. */
    record Cmp(CmpOp op, JsonNode value) implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.cmp(this);
        }

        public String text() {
            return op.symbol() + " " + JsonValues.canonical(value);
        }
    }

    record In(List<JsonNode> values) implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.in(this);
        }

        public In {
            values = List.copyOf(values);
        }

        public String text() {
            return TestOperator.IN.word() + " " + JsonValues.canonicalList(values);
        }
    }

    /** RE2 syntax, unanchored: {@code find}, not {@code matches}. */
    record Matches(String regex) implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.matches(this);
        }

        public String text() {
            return TestOperator.MATCHES.word() + " /" + regex.replace("/", "\\/") + "/";
        }
    }

    record Prefix(String prefix) implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.prefix(this);
        }

        public String text() {
            return TestOperator.STARTS_WITH.word() + " " + Texts.quote(prefix);
        }
    }

    record Suffix(String suffix) implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.suffix(this);
        }

        public String text() {
            return TestOperator.ENDS_WITH.word() + " " + Texts.quote(suffix);
        }
    }

    /** Substring of a string, or an element (typed equality) of an array. */
    record Contains(JsonNode value) implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.contains(this);
        }

        public String text() {
            return TestOperator.CONTAINS.word() + " " + JsonValues.canonical(value);
        }
    }

    /** Present and not {@code null}. */
    record Exists() implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.exists(this);
        }

        public String text() {
            return TestOperator.EXISTS.word();
        }
    }

    /**
     * The value is a path (or {@code file:} URI) at or below {@code base}, compared segment by segment
     * after normalising {@code .}, {@code ..} and repeated separators ({@link Paths}); {@code base} is
     * absolute and already normal. A path whose reading is not certain denies the call ({@link Paths#ambiguous}).
     */
    record Under(String base) implements ValueTest {
        public <R> R accept(Visitor<R> v) {
            return v.under(this);
        }

        public String text() {
            return TestOperator.UNDER.word() + " " + Texts.quote(base);
        }
    }
}
