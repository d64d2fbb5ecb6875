package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The bundle's atoms prepared for evaluation: a kind per atom (one switch decides how to read it),
 * a predicate with its literals converted, and a slot per distinct single-valued path.
 */
final class CompiledAtoms {

    /** What each atom reads, decided once per bundle so evaluation is one switch, not a chain of type tests. */
    private static final int TOOL = 0;
    private static final int SCHEMA = 1;
    private static final int SESSION = 2;
    private static final int IDENTITY = 3;
    private static final int VALUE = 4;
    private static final int LENGTH = 5;
    private static final int VALUES = 6;
    private static final int LENGTHS = 7;
    private static final int CLAIM = 8;
    private static final int CLAIM_LENGTH = 9;

    private final Atom[] atoms;
    private final int[] kinds;
    private final Accessor[] accessors;
    private final ValuePredicate[] predicates;
    private final SchemaChecker schemas;
    /** Per atom: the slot of its single-valued path (atoms on one path share it), or -1. */
    private final int[] slots;

    CompiledAtoms(List<Atom> atomList, SchemaChecker schemas) {
        this.schemas = schemas;
        this.atoms = atomList.toArray(new Atom[0]);
        this.accessors = new Accessor[atoms.length];
        this.predicates = new ValuePredicate[atoms.length];
        this.kinds = new int[atoms.length];
        this.slots = new int[atoms.length];
        java.util.Arrays.fill(slots, -1);
        Map<List<PathSeg>, Integer> slotOf = new HashMap<>();
        for (int i = 0; i < atoms.length; i++) {
            int at = i;
            atoms[i].accept(new Atom.Visitor<Void>() {
                public Void check(Atom.Check c) {
                    prepare(at, c, slotOf);
                    return null;
                }

                public Void toolName(Atom.ToolName t) {
                    kinds[at] = TOOL;
                    return null;
                }

                public Void schema(Atom.Schema s) {
                    kinds[at] = SCHEMA;
                    return null;
                }
            });
        }
    }

    private void prepare(int i, Atom.Check c, Map<List<PathSeg>, Integer> slotOf) {
        predicates[i] = new ValuePredicate(c.test());
        c.operand().accept(new Operand.Visitor<Void>() {
            public Void arg(Operand.Arg a) {
                argument(i, a.path(), false, slotOf);
                return null;
            }

            public Void len(Operand.Len l) {
                argument(i, l.path(), true, slotOf);
                return null;
            }

            public Void session(Operand.Session s) {
                kinds[i] = SESSION;
                return null;
            }

            public Void identity(Operand.Identity id) {
                kinds[i] = IDENTITY;
                return null;
            }

            public Void claim(Operand.Claim claim) {
                // Claims are read from the call's claims, never cached with argument slots.
                accessors[i] = new Accessor(claim.path(), -1);
                kinds[i] = claim.length() ? CLAIM_LENGTH : CLAIM;
                return null;
            }
        });
    }

    private void argument(int i, List<PathSeg> path, boolean len, Map<List<PathSeg>, Integer> slotOf) {
        int slot = slotOf.computeIfAbsent(path, p -> slotOf.size());
        accessors[i] = new Accessor(path, slot);
        kinds[i] = accessors[i].fansOut() ? (len ? LENGTHS : VALUES) : (len ? LENGTH : VALUE);
        if (!accessors[i].fansOut()) {
            slots[i] = slot;
        }
    }

    /**
     * The slot of the atom's single-valued argument path, or -1 for any other atom. Atoms are ordered
     * by key, so tests of one path sit next to each other on a diagram path: a caller that keeps the
     * last slot and its value resolves each path once per call, with nothing allocated.
     */
    int slot(int index) {
        return slots[index];
    }

    /** True when the atom tests the value of an argument path itself (not its length, nor a context value). */
    boolean readsValue(int index) {
        return kinds[index] == VALUE;
    }

    /** The key when the atom's path is one object key ({@code mode}, not {@code a.b} or {@code a[0]}), else null. */
    String singleKey(int index) {
        return accessors[index] == null ? null : accessors[index].singleKey();
    }

    /** The value of the atom's single-valued path in these arguments, or null when absent. */
    JsonNode resolve(int index, JsonNode args) {
        return args == null || !args.isObject() ? null : accessors[index].get(args);
    }

    /** The atom's test on the value its path resolved to (null: absent, so false). */
    boolean testResolved(int index, JsonNode v) {
        if (v == null) {
            return false;
        }
        return kinds[index] == LENGTH ? lengthTest(v, predicates[index]) : predicates[index].test(v);
    }

    /** Evaluates any atom from scratch (single-valued paths resolved here, uncached). */
    boolean evaluate(int index, Call call, EvaluationState state) {
        ValuePredicate p = predicates[index];
        switch (kinds[index]) {
            case VALUE:
            case LENGTH:
                return testResolved(index, resolve(index, call.arguments()));
            case TOOL:
                return Globs.matches(((Atom.ToolName) atoms[index]).glob(), call.tool());
            case SESSION:
                return call.session() != null && p.testString(call.session());
            case IDENTITY:
                return call.identity() != null && p.testString(call.identity());
            case VALUES:
                return objectArgs(call) && accessors[index].anyMatch(call.arguments(), p);
            case LENGTHS:
                return objectArgs(call) && accessors[index].anyMatch(call.arguments(), v -> lengthTest(v, p));
            case CLAIM:
                return call.claims() != null && call.claims().isObject() && accessors[index].anyMatch(call.claims(), p);
            case CLAIM_LENGTH:
                return call.claims() != null && call.claims().isObject()
                        && accessors[index].anyMatch(call.claims(), v -> lengthTest(v, p));
            default: {
                String problem = schemas.problem(call, ((Atom.Schema) atoms[index]).requiredOnly());
                if (problem != null && state != null) {
                    state.schemaProblem = problem;
                }
                return problem == null;
            }
        }
    }

    /**
     * Whether this atom may hold otherwise for a server that reads the call's arguments under a schema
     * nobody here knows: it tests an argument (or its length) that the call leaves out (a server may
     * fill in a default), or that the call gives as a value some lax reader takes for another one of a
     * kind that changes the test ({@link dev.mcppol.runtime.json.TypeReading#otherReadings}: {@code "1000"}
     * for {@code 1000}, {@code true} for {@code 1}). False for atoms that read no argument.
     */
    boolean readsOtherwise(int index, JsonNode args) {
        int kind = kinds[index];
        if (kind != VALUE && kind != LENGTH && kind != VALUES && kind != LENGTHS) {
            return false;
        }
        if (args == null || !args.isObject()) {
            return true;
        }
        ValuePredicate p = predicates[index];
        boolean len = kind == LENGTH || kind == LENGTHS;
        if (kind == VALUE || kind == LENGTH) {
            JsonNode v = accessors[index].get(args);
            return v == null || readsOtherwise(v, p, len);
        }
        boolean[] any = new boolean[1];
        boolean otherwise = accessors[index].anyMatch(args, v -> {
            any[0] = true;
            return readsOtherwise(v, p, len);
        });
        return otherwise || !any[0];
    }

    /** Whether some other reading of the value tests otherwise than the value itself. */
    private static boolean readsOtherwise(JsonNode v, ValuePredicate p, boolean len) {
        List<JsonNode> others = dev.mcppol.runtime.json.TypeReading.otherReadings(v);
        if (others.isEmpty()) {
            return false;
        }
        boolean as = len ? lengthTest(v, p) : p.test(v);
        for (JsonNode other : others) {
            if ((len ? lengthTest(other, p) : p.test(other)) != as) {
                return true;
            }
        }
        return false;
    }

    /** Whether the path yields any value in these arguments. */
    static boolean present(JsonNode args, List<PathSeg> path) {
        return args != null && new Accessor(path, -1).anyMatch(args, v -> true);
    }

    private static boolean objectArgs(Call call) {
        return call.arguments() != null && call.arguments().isObject();
    }

    private static boolean lengthTest(JsonNode v, ValuePredicate p) {
        if (v.isString()) {
            String s = v.stringValue();
            return p.testLength(s.codePointCount(0, s.length()));
        }
        if (v.isArray() || v.isObject()) {
            return p.testLength(v.size());
        }
        return false;
    }
}
