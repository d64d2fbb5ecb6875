package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.json.NumberReading;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.ValueTest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** An atom with the numbers of its literal read as one JSON reader reads them. */
final class ReadLiterals {
    private ReadLiterals() {
    }

    static Atom read(Atom atom, NumberReading r) {
        if (!(atom instanceof Atom.Check c)) {
            return atom;
        }
        ValueTest t = c.test();
        ValueTest read = t;
        if (t instanceof ValueTest.Cmp cmp) {
            read = new ValueTest.Cmp(cmp.op(), r.read(cmp.value()));
        } else if (t instanceof ValueTest.In in) {
            List<JsonNode> values = new ArrayList<>(in.values().size());
            for (JsonNode v : in.values()) {
                values.add(r.read(v));
            }
            read = new ValueTest.In(values);
        } else if (t instanceof ValueTest.Contains ct) {
            read = new ValueTest.Contains(r.read(ct.value()));
        }
        return new Atom.Check(c.operand(), read);
    }
}
