package dev.mcppol.runtime.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator table: one row per kind of {@link ValueTest}, with its word in the policy language and
 * its key in a bundle's atom. The bundle writer and reader ({@code runtime/bundle/AtomCodec}), the
 * printed form ({@link ValueTest#text()}, which the DSL printer writes) and the keyword lists of the
 * front end's messages, the printer and the editor's completion all read it, so an operator is
 * named in one place. {@link #of} is a visitor: a new {@link ValueTest} variant does not compile until it
 * has a row here, and a new row does not compile until the bundle reader's switch reads it.
 *
 * <p>Rows are in the order a bundle reader looks for their keys.
 */
public enum TestOperator {
    /** {@code == != < <= > >=} ({@link CmpOp}); in a bundle {@code "op"} with {@code "value"}. */
    COMPARE(null, "op"),
    IN("in", "in"),
    MATCHES("matches", "matches"),
    STARTS_WITH("startsWith", "startsWith"),
    UNDER("under", "under"),
    ENDS_WITH("endsWith", "endsWith"),
    CONTAINS("contains", "contains"),
    EXISTS("exists", "exists");

    private final String word;
    private final String bundleKey;

    TestOperator(String word, String bundleKey) {
        this.word = word;
        this.bundleKey = bundleKey;
    }

    /** The operator's keyword in the policy language; null for the comparisons (written as symbols). */
    public String word() {
        return word;
    }

    /** The atom member that holds the test in a bundle. */
    public String bundleKey() {
        return bundleKey;
    }

    /** The keywords of all operators but the comparisons, in table order. */
    public static List<String> words() {
        List<String> out = new ArrayList<>();
        for (TestOperator o : values()) {
            if (o.word != null) {
                out.add(o.word);
            }
        }
        return List.copyOf(out);
    }

    /** Every operator as the language writes it: the comparison symbols, then the keywords. */
    public static List<String> symbolsAndWords() {
        List<String> out = new ArrayList<>();
        for (CmpOp op : CmpOp.values()) {
            out.add(op.symbol());
        }
        out.addAll(words());
        return List.copyOf(out);
    }

    public static TestOperator of(ValueTest t) {
        return t.accept(ROW);
    }

    private static final ValueTest.Visitor<TestOperator> ROW = new ValueTest.Visitor<>() {
        public TestOperator cmp(ValueTest.Cmp t) {
            return COMPARE;
        }

        public TestOperator in(ValueTest.In t) {
            return IN;
        }

        public TestOperator matches(ValueTest.Matches t) {
            return MATCHES;
        }

        public TestOperator prefix(ValueTest.Prefix t) {
            return STARTS_WITH;
        }

        public TestOperator suffix(ValueTest.Suffix t) {
            return ENDS_WITH;
        }

        public TestOperator contains(ValueTest.Contains t) {
            return CONTAINS;
        }

        public TestOperator exists(ValueTest.Exists t) {
            return EXISTS;
        }

        public TestOperator under(ValueTest.Under t) {
            return UNDER;
        }
    };
}
