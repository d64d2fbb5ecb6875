package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.ValueTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Every tool's diagram as one int array with its common tests written into the nodes, so a decision
 * reads its tool's block and a small table of constants every tool shares, however many tools the
 * policy has.
 *
 * <p>Why: with the tests kept only in the bundle-wide atom table, each test on the way to a leaf
 * followed four or five references (the atom's slot, kind, predicate, literal node, its string), each
 * to wherever that atom's objects happened to lie. With two tools all of that stays in the first-level
 * cache; with two thousand, the calls of one second reach most of the table and those reads miss it.
 * Here a node holds what its test needs — the argument's key, an opcode, the literal's index in a
 * table of distinct constants (a policy's literals repeat across tools: modes, regions, prefixes) —
 * next to the node's branches. Tests the opcodes do not cover (claims, sessions, regexes, {@code []}
 * paths, lengths, numbers beyond a {@code long}) are decided by {@link CompiledAtoms} as before.
 */
final class FlatDiagrams {

    /** Ints per node: opcode, low, high, atom, slot, key constant, literal constant or long's halves. */
    private static final int NODE = 7;
    private static final int OP = 0;
    private static final int LOW = 1;
    private static final int HIGH = 2;
    private static final int ATOM = 3;
    private static final int SLOT = 4;
    private static final int KEY = 5;
    private static final int LIT = 6;

    /** Any test: {@link CompiledAtoms#evaluate}. */
    private static final int GENERAL = 0;
    /** A test on a single-valued argument path, decided by {@link CompiledAtoms#testResolved}. */
    private static final int RESOLVED = 1;
    private static final int STR_EQ = 2;
    private static final int STR_NE = 3;
    private static final int STR_IN = 4;
    private static final int PREFIX = 5;
    private static final int SUFFIX = 6;
    /** Comparisons with an integer literal (the constant at LIT, a {@code Long}), one opcode per operator. */
    private static final int LONG_EQ = 7;
    private static final int LONG_NE = 8;
    private static final int LONG_LT = 9;
    private static final int LONG_LE = 10;
    private static final int LONG_GT = 11;
    private static final int LONG_GE = 12;

    /** Per tool: {@code [root, node0…, node1…, …]}, {@value #NODE} ints per node. */
    private final Map<String, int[]> byTool = new HashMap<>();
    private final int[] fallback;
    /** The distinct keys, strings, string sets and long literals the nodes name, shared by every tool. */
    private final Object[] constants;

    FlatDiagrams(Bundle bundle, CompiledAtoms atoms) {
        Constants table = new Constants();
        for (Map.Entry<String, Diagram> e : bundle.tools().entrySet()) {
            byTool.put(e.getKey(), flatten(e.getValue(), bundle, atoms, table));
        }
        this.fallback = flatten(bundle.fallback(), bundle, atoms, table);
        this.constants = table.values.toArray();
    }

    boolean hasTool(String tool) {
        return byTool.containsKey(tool);
    }

    /** The leaf index the call reaches, its literals read exactly (the bundle's own reading). */
    int leafIndex(Call call, EvaluationState state, CompiledAtoms atoms) {
        int[] d = byTool.get(call.tool());
        if (d == null) {
            d = fallback;
        }
        JsonNode args = call.arguments();
        boolean object = args != null && args.isObject();
        int ref = d[0];
        int lastSlot = -1;
        JsonNode last = null;
        while (ref >= 0) {
            int at = 1 + NODE * ref;
            int op = d[at + OP];
            boolean value;
            if (op == GENERAL) {
                value = atoms.evaluate(d[at + ATOM], call, state);
            } else {
                int slot = d[at + SLOT];
                // Tests of one path are adjacent (atoms are ordered by key): resolve it once.
                if (slot != lastSlot) {
                    int key = d[at + KEY];
                    last = !object ? null : key >= 0 ? args.get((String) constants[key]) : atoms.resolve(d[at + ATOM], args);
                    lastSlot = slot;
                }
                value = last != null && test(op, d, at, last, atoms);
            }
            ref = value ? d[at + HIGH] : d[at + LOW];
        }
        return Diagram.leafOf(ref);
    }

    /**
     * The leaf index with every test decided by {@code read} (the atoms with their literals read as
     * another JSON reader reads them): the nodes' atoms, none of their inlined tests.
     */
    int leafIndexReadAs(Call call, EvaluationState state, CompiledAtoms read) {
        int[] d = byTool.get(call.tool());
        if (d == null) {
            d = fallback;
        }
        int ref = d[0];
        int lastSlot = -1;
        JsonNode lastValue = null;
        while (ref >= 0) {
            int at = 1 + NODE * ref;
            int atom = d[at + ATOM];
            int slot = read.slot(atom);
            boolean value;
            if (slot >= 0) {
                if (slot != lastSlot) {
                    lastValue = read.resolve(atom, call.arguments());
                    lastSlot = slot;
                }
                value = read.testResolved(atom, lastValue);
            } else {
                value = read.evaluate(atom, call, state);
            }
            ref = value ? d[at + HIGH] : d[at + LOW];
        }
        return Diagram.leafOf(ref);
    }

    /** The node's test on a present value; the same answer {@link ValuePredicate#test} gives. */
    private boolean test(int op, int[] d, int at, JsonNode v, CompiledAtoms atoms) {
        switch (op) {
            case STR_EQ:
                return v.isString() && v.stringValue().equals(constants[d[at + LIT]]);
            case STR_NE:
                return !v.isString() || !v.stringValue().equals(constants[d[at + LIT]]);
            case STR_IN:
                return v.isString() && in((String[]) constants[d[at + LIT]], v.stringValue());
            case PREFIX:
                return v.isString() && v.stringValue().startsWith((String) constants[d[at + LIT]]);
            case SUFFIX:
                return v.isString() && v.stringValue().endsWith((String) constants[d[at + LIT]]);
            case LONG_EQ:
            case LONG_NE:
            case LONG_LT:
            case LONG_LE:
            case LONG_GT:
            case LONG_GE:
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    int cmp = Long.compare(v.longValue(), (Long) constants[d[at + LIT]]);
                    return switch (op) {
                        case LONG_EQ -> cmp == 0;
                        case LONG_NE -> cmp != 0;
                        case LONG_LT -> cmp < 0;
                        case LONG_LE -> cmp <= 0;
                        case LONG_GT -> cmp > 0;
                        default -> cmp >= 0;
                    };
                }
                return atoms.testResolved(d[at + ATOM], v);
            default:
                return atoms.testResolved(d[at + ATOM], v);
        }
    }

    private static boolean in(String[] members, String s) {
        for (String m : members) {
            if (m.equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static int[] flatten(Diagram diagram, Bundle bundle, CompiledAtoms atoms, Constants table) {
        int[] out = new int[1 + NODE * diagram.size()];
        out[0] = diagram.root();
        for (int i = 0; i < diagram.size(); i++) {
            int at = 1 + NODE * i;
            int atom = diagram.atom()[i];
            out[at + LOW] = diagram.low()[i];
            out[at + HIGH] = diagram.high()[i];
            out[at + ATOM] = atom;
            int slot = atoms.slot(atom);
            out[at + SLOT] = slot;
            out[at + KEY] = -1;
            out[at + LIT] = -1;
            if (slot < 0) {
                out[at + OP] = GENERAL;
                continue;
            }
            String key = atoms.singleKey(atom);
            if (key != null) {
                out[at + KEY] = table.of(key, key);
            }
            Inline inline = atoms.readsValue(atom) ? bundle.atoms().get(atom).accept(INLINE) : null;
            if (inline == null) {
                out[at + OP] = RESOLVED;
            } else {
                out[at + OP] = inline.op();
                out[at + LIT] = table.of(inline.key(), inline.value());
            }
        }
        return out;
    }

    /** A test written into a node: its opcode, and its literal (a key to share it by, and the value stored). */
    private record Inline(int op, Object key, Object value) {
        static Inline of(int op, Object literal) {
            return new Inline(op, literal, literal);
        }
    }

    /** The inlined form of an atom's test, or null where {@link CompiledAtoms} decides it. */
    private static final Atom.Visitor<Inline> INLINE = new Atom.Visitor<>() {
        public Inline check(Atom.Check c) {
            return c.test().accept(TEST);
        }

        public Inline toolName(Atom.ToolName t) {
            return null;
        }

        public Inline schema(Atom.Schema s) {
            return null;
        }
    };

    private static final ValueTest.Visitor<Inline> TEST = new ValueTest.Visitor<>() {
        public Inline cmp(ValueTest.Cmp c) {
            JsonNode lit = c.value();
            if (lit.isString() && (c.op() == CmpOp.EQ || c.op() == CmpOp.NE)) {
                return Inline.of(c.op() == CmpOp.EQ ? STR_EQ : STR_NE, lit.stringValue());
            }
            if (lit.isIntegralNumber() && lit.canConvertToLong()) {
                int op = switch (c.op()) {
                    case EQ -> LONG_EQ;
                    case NE -> LONG_NE;
                    case LT -> LONG_LT;
                    case LE -> LONG_LE;
                    case GT -> LONG_GT;
                    case GE -> LONG_GE;
                };
                return Inline.of(op, lit.longValue());
            }
            return null;
        }

        public Inline in(ValueTest.In in) {
            List<String> members = new ArrayList<>();
            for (JsonNode v : in.values()) {
                if (!v.isString()) {
                    return null; // numbers and others compare by JSON equality: CompiledAtoms
                }
                members.add(v.stringValue());
            }
            // Short sets: a scan of a few strings reads less memory than a hash set's table and nodes.
            if (members.size() > 8) {
                return null;
            }
            return new Inline(STR_IN, List.copyOf(members), members.toArray(new String[0]));
        }

        public Inline matches(ValueTest.Matches m) {
            return null;
        }

        public Inline prefix(ValueTest.Prefix p) {
            return Inline.of(PREFIX, p.prefix());
        }

        public Inline suffix(ValueTest.Suffix s) {
            return Inline.of(SUFFIX, s.suffix());
        }

        public Inline contains(ValueTest.Contains c) {
            return null;
        }

        public Inline exists(ValueTest.Exists e) {
            return null;
        }

        public Inline under(ValueTest.Under u) {
            return null;
        }
    };

    /** Distinct constants, each stored once: equal strings and equal string sets share an index. */
    private static final class Constants {
        final List<Object> values = new ArrayList<>();
        final Map<Object, Integer> index = new HashMap<>();

        int of(Object key, Object value) {
            return index.computeIfAbsent(key, k -> {
                values.add(value);
                return values.size() - 1;
            });
        }
    }
}
