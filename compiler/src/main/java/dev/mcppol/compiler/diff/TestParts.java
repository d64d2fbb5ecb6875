package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The parts of atoms, operands and tests the witness search and the feasibility check take apart,
 * each by a visitor over the sealed model: a new variant does not compile until it is placed here.
 */
final class TestParts {
    private TestParts() {
    }

    /** Where in a call an operand's value is, and whether the test reads its length. */
    record Reads(Root root, List<PathSeg> path, boolean length) {
    }

    static Reads reads(Operand o) {
        return o.accept(READS);
    }

    /** The test of a value, or null for a test of the tool's name or of the arguments' schema. */
    static Atom.Check check(Atom a) {
        return a.accept(CHECK);
    }

    /** The suffix an {@code endsWith} test wants; null for other tests. */
    static String suffix(ValueTest t) {
        return t.accept(SUFFIX);
    }

    /** The value a {@code contains} test looks for; null for other tests. */
    static JsonNode contained(ValueTest t) {
        return t.accept(CONTAINED);
    }

    /**
     * The constants of a test that only compares its value with constants ({@code == != < <= > >=},
     * {@code in}, {@code exists}: none), so one value per class between them decides it; null for a
     * test those classes do not cover (regex, prefix, suffix, path, contains).
     */
    static List<JsonNode> classConstants(ValueTest t) {
        return t.accept(CLASS_CONSTANTS);
    }

    private static final Operand.Visitor<Reads> READS = new Operand.Visitor<>() {
        public Reads arg(Operand.Arg t) {
            return new Reads(Root.ARGS, t.path(), false);
        }

        public Reads len(Operand.Len t) {
            return new Reads(Root.ARGS, t.path(), true);
        }

        public Reads session(Operand.Session t) {
            return new Reads(Root.SESSION, List.of(), false);
        }

        public Reads identity(Operand.Identity t) {
            return new Reads(Root.IDENTITY, List.of(), false);
        }

        public Reads claim(Operand.Claim t) {
            return new Reads(Root.CLAIMS, t.path(), t.length());
        }
    };

    private static final Atom.Visitor<Atom.Check> CHECK = new Atom.Visitor<>() {
        public Atom.Check check(Atom.Check t) {
            return t;
        }

        public Atom.Check toolName(Atom.ToolName t) {
            return null;
        }

        public Atom.Check schema(Atom.Schema t) {
            return null;
        }
    };

    private static final ValueTest.Visitor<String> SUFFIX = new OneKind<>() {
        @Override
        public String suffix(ValueTest.Suffix t) {
            return t.suffix();
        }
    };

    private static final ValueTest.Visitor<JsonNode> CONTAINED = new OneKind<>() {
        @Override
        public JsonNode contains(ValueTest.Contains t) {
            return t.value();
        }
    };

    private static final ValueTest.Visitor<List<JsonNode>> CLASS_CONSTANTS = new ValueTest.Visitor<>() {
        public List<JsonNode> cmp(ValueTest.Cmp t) {
            return List.of(t.value());
        }

        public List<JsonNode> in(ValueTest.In t) {
            return t.values();
        }

        public List<JsonNode> exists(ValueTest.Exists t) {
            return List.of();
        }

        public List<JsonNode> matches(ValueTest.Matches t) {
            return null;
        }

        public List<JsonNode> prefix(ValueTest.Prefix t) {
            return null;
        }

        public List<JsonNode> suffix(ValueTest.Suffix t) {
            return null;
        }

        public List<JsonNode> contains(ValueTest.Contains t) {
            return null;
        }

        public List<JsonNode> under(ValueTest.Under t) {
            return null;
        }
    };

    /** A visitor answering null for every test but the one it overrides. */
    private abstract static class OneKind<R> implements ValueTest.Visitor<R> {
        public R cmp(ValueTest.Cmp t) {
            return null;
        }

        public R in(ValueTest.In t) {
            return null;
        }

        public R matches(ValueTest.Matches t) {
            return null;
        }

        public R prefix(ValueTest.Prefix t) {
            return null;
        }

        public R suffix(ValueTest.Suffix t) {
            return null;
        }

        public R contains(ValueTest.Contains t) {
            return null;
        }

        public R exists(ValueTest.Exists t) {
            return null;
        }

        public R under(ValueTest.Under t) {
            return null;
        }
    }
}
