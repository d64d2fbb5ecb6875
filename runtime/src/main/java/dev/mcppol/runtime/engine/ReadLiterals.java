package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.json.NumberReading;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.ValueTest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An atom with the numbers of its literal read as one JSON reader reads them. Every kind of test is
 * named here: a new one that holds a JSON literal must be read too, or the engine's check for
 * {@code mcppol:ambiguous-number} would not see its numbers.
 */
final class ReadLiterals {
    private ReadLiterals() {
    }

    static Atom read(Atom atom, NumberReading r) {
        return atom.accept(new Atom.Visitor<Atom>() {
            public Atom check(Atom.Check c) {
                return new Atom.Check(c.operand(), c.test().accept(new Reader(r)));
            }

            public Atom toolName(Atom.ToolName t) {
                return t;
            }

            public Atom schema(Atom.Schema s) {
                return s;
            }
        });
    }

    /** The test with its JSON literals read by {@code r}; tests that hold only strings are their own reading. */
    private record Reader(NumberReading r) implements ValueTest.Visitor<ValueTest> {
        public ValueTest cmp(ValueTest.Cmp t) {
            return new ValueTest.Cmp(t.op(), r.read(t.value()));
        }

        public ValueTest in(ValueTest.In t) {
            List<JsonNode> values = new ArrayList<>(t.values().size());
            for (JsonNode v : t.values()) {
                values.add(r.read(v));
            }
            return new ValueTest.In(values);
        }

        public ValueTest contains(ValueTest.Contains t) {
            return new ValueTest.Contains(r.read(t.value()));
        }

        public ValueTest matches(ValueTest.Matches t) {
            return t;
        }

        public ValueTest prefix(ValueTest.Prefix t) {
            return t;
        }

        public ValueTest suffix(ValueTest.Suffix t) {
            return t;
        }

        public ValueTest exists(ValueTest.Exists t) {
            return t;
        }

        public ValueTest under(ValueTest.Under t) {
            return t;
        }
    }
}
