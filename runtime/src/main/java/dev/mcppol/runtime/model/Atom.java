package dev.mcppol.runtime.model;

/**
 * An atomic predicate of a call: the variables of the compiled decision diagram. Two atoms with
 * the same {@link #key()} mean the same thing; the key also fixes the diagram's variable order.
 */
public sealed interface Atom permits Atom.Check, Atom.ToolName, Atom.Schema {

    /** Canonical text of the atom: equal keys, equal meaning. */
    String key();

    record Check(Operand operand, Test test) implements Atom {
        public String key() {
            return operand.text() + " " + test.text();
        }
    }

    /** The called tool's name matches a glob ({@code *} any run, {@code ?} one character). */
    record ToolName(String glob) implements Atom {
        public String key() {
            return "tool ~ " + Texts.quote(glob);
        }
    }

    /**
     * The arguments satisfy the tool's {@code inputSchema} (the bundle's copy, else the one the
     * session's own {@code tools/list} announced); with {@code requiredOnly}, only its required list.
     * False when no schema is known: the rule that uses it fails closed.
     */
    record Schema(boolean requiredOnly) implements Atom {
        public String key() {
            return requiredOnly ? "args satisfy required" : "args satisfy inputSchema";
        }
    }
}
