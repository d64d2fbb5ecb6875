package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import java.util.ArrayList;
import java.util.List;

/**
 * What kept one difference "not proven": the tests (as literals, {@code not} where the path wants
 * them false) that no value diff tried could meet together, and which of the kinds docs/COMPILER.md
 * names they are. These kinds are the only ones diff decides by sampling rather than exactly, so they
 * are the only ones that can leave a difference unproven.
 */
public record Unproven(Kind kind, List<String> tests) {

    public enum Kind {
        REGEX("regex inclusion: whether the strings one regex accepts meet the other tests is not decided,"
                + " only sampled"),
        STRING_SHAPE("string shapes: prefix, suffix, path containment and contains tests are met by sampled"
                + " strings, not decided"),
        LENGTH_OR_ELEMENT("lengths and list elements: len(…) and [*] tests are met by sampled strings, lists and"
                + " mappings, not decided"),
        CONTEXT("context values: session, identity and claims are met by sampled values, not decided"),
        SCHEMA("the tool's input schema: whether an argument conforms is not built into the calls diff tries"),
        TOOL_NAMES("tool-name globs: the names tried (each glob's fixed parts, and several globs' fixed parts"
                + " joined) met none of the wanted combinations"),
        NESTED_PATH("nested paths: an argument tested at several depths, or through a list index, is met by"
                + " sampled values, not decided");

        private final String why;

        Kind(String why) {
            this.why = why;
        }

        public String why() {
            return why;
        }
    }

    public Unproven {
        tests = List.copyOf(tests);
    }

    /** Classifies literals ({@code atom * 2 + wanted value}) that were met by no value tried. */
    static Unproven of(List<Atom> atoms, List<Integer> literals) {
        List<String> tests = new ArrayList<>();
        Kind kind = Kind.NESTED_PATH;
        int rank = Integer.MAX_VALUE;
        for (int lit : literals) {
            Atom a = atoms.get(lit >> 1);
            tests.add(((lit & 1) == 1 ? "" : "not ") + a.key());
            Kind k = kindOf(a);
            if (k.ordinal() < rank) {
                rank = k.ordinal();
                kind = k;
            }
        }
        return new Unproven(kind, tests);
    }

    private static Kind kindOf(Atom a) {
        return a.accept(new Atom.Visitor<Kind>() {
            public Kind check(Atom.Check c) {
                Kind byTest = c.test().accept(BY_TEST);
                return byTest != null ? byTest : c.operand().accept(BY_OPERAND);
            }

            public Kind toolName(Atom.ToolName t) {
                return Kind.TOOL_NAMES;
            }

            public Kind schema(Atom.Schema s) {
                return Kind.SCHEMA;
            }
        });
    }

    /** The kind a test is sampled for whatever it reads; null for the tests diff decides exactly on a plain argument. */
    private static final ValueTest.Visitor<Kind> BY_TEST = new ValueTest.Visitor<>() {
        public Kind cmp(ValueTest.Cmp t) {
            return null;
        }

        public Kind in(ValueTest.In t) {
            return null;
        }

        public Kind exists(ValueTest.Exists t) {
            return null;
        }

        public Kind matches(ValueTest.Matches t) {
            return Kind.REGEX;
        }

        public Kind prefix(ValueTest.Prefix t) {
            return Kind.STRING_SHAPE;
        }

        public Kind suffix(ValueTest.Suffix t) {
            return Kind.STRING_SHAPE;
        }

        public Kind under(ValueTest.Under t) {
            return Kind.STRING_SHAPE;
        }

        public Kind contains(ValueTest.Contains t) {
            return Kind.STRING_SHAPE;
        }
    };

    /** The kind of a comparison, {@code in} or {@code exists} left unproven by what it reads. */
    private static final Operand.Visitor<Kind> BY_OPERAND = new Operand.Visitor<>() {
        public Kind arg(Operand.Arg t) {
            return t.path().stream().anyMatch(s -> s instanceof PathSeg.Any) ? Kind.LENGTH_OR_ELEMENT : Kind.NESTED_PATH;
        }

        public Kind len(Operand.Len t) {
            return Kind.LENGTH_OR_ELEMENT;
        }

        public Kind session(Operand.Session t) {
            return Kind.CONTEXT;
        }

        public Kind identity(Operand.Identity t) {
            return Kind.CONTEXT;
        }

        public Kind claim(Operand.Claim t) {
            return Kind.CONTEXT;
        }
    };

    /** {@code c matches /x/, not c matches /y/ — regex inclusion: …} */
    public String text() {
        return String.join(", ", tests) + " — " + kind.why();
    }
}
