package dev.mcppol.runtime.model;

/**
 * An atomic predicate of a call: the variables of the compiled decision diagram. Two atoms with
 * the same {@link #key()} mean the same thing; the key also fixes the diagram's variable order.
 */
public sealed interface Atom permits Atom.Check, Atom.ToolName, Atom.Schema {

    /** Dispatch to the visitor's method for this variant. */
    <R> R accept(Visitor<R> v);

    /**
     * What to do with each kind of atom. One method per variant: a new variant is a compile error in every
     * visitor until it is handled there, where an {@code instanceof} chain would silently take it for
     * its last case.
     */
    interface Visitor<R> {
        R check(Check t);
        R toolName(ToolName t);
        R schema(Schema t);
    }

    /** Canonical text of the atom: equal keys, equal meaning. */
    String key();

    record Check(Operand operand, ValueTest test) implements Atom {
        public <R> R accept(Visitor<R> v) {
            return v.check(this);
        }

        public String key() {
            return operand.text() + " " + test.text();
        }
    }

    /** The called tool's name matches a glob ({@code *} any run, {@code ?} one character). */
    record ToolName(String glob) implements Atom {
        public <R> R accept(Visitor<R> v) {
            return v.toolName(this);
        }

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
        public <R> R accept(Visitor<R> v) {
            return v.schema(this);
        }

        public String key() {
            return requiredOnly ? "args satisfy required" : "args satisfy inputSchema";
        }
    }
}
