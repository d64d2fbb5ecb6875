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
 * The bundle's atoms prepared for evaluation. Each single-valued argument path gets a slot in a
 * per-thread cache, so a path is resolved once per call however many atoms test it.
 */
final class CompiledAtoms {

    private static final Object MISSING = new Object();

    /** Per-thread scratch: resolved path values, valid while their stamp equals the call's generation. */
    private static final class Scratch {
        Object[] values = new Object[0];
        long[] stamps = new long[0];
        long generation;
    }

    private final Atom[] atoms;
    private final Accessor[] accessors;
    private final ValuePredicate[] predicates;
    private final SchemaChecker schemas;
    private final int slots;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    CompiledAtoms(List<Atom> atomList, SchemaChecker schemas) {
        this.schemas = schemas;
        this.atoms = atomList.toArray(new Atom[0]);
        this.accessors = new Accessor[atoms.length];
        this.predicates = new ValuePredicate[atoms.length];
        Map<List<PathSeg>, Integer> slotOf = new HashMap<>();
        for (int i = 0; i < atoms.length; i++) {
            if (atoms[i] instanceof Atom.Check c) {
                predicates[i] = new ValuePredicate(c.test());
                List<PathSeg> path = c.operand() instanceof Operand.Arg a ? a.path()
                        : c.operand() instanceof Operand.Len l ? l.path() : null;
                if (path != null) {
                    int slot = slotOf.computeIfAbsent(path, p -> slotOf.size());
                    accessors[i] = new Accessor(path, slot);
                }
            }
        }
        this.slots = slotOf.size();
    }

    /** Starts a call: invalidates the thread's cached path values. */
    Object begin() {
        Scratch s = scratch.get();
        if (s.values.length < slots) {
            s.values = new Object[slots];
            s.stamps = new long[slots];
        }
        s.generation++;
        return s;
    }

    boolean evaluate(int index, Call call, Object frame, EvaluationState state) {
        Atom atom = atoms[index];
        if (atom instanceof Atom.ToolName t) {
            return Globs.matches(t.glob(), call.tool());
        }
        if (atom instanceof Atom.Schema s) {
            String problem = schemas.problem(call, s.requiredOnly());
            if (problem != null && state != null) {
                state.schemaProblem = problem;
            }
            return problem == null;
        }
        Operand operand = ((Atom.Check) atom).operand();
        ValuePredicate p = predicates[index];
        if (operand instanceof Operand.Session || operand instanceof Operand.Identity) {
            String v = operand instanceof Operand.Session ? call.session() : call.identity();
            return v != null && p.test(dev.mcppol.runtime.json.Json.NODES.stringNode(v));
        }
        Accessor a = accessors[index];
        JsonNode args = call.arguments();
        if (args == null || !args.isObject()) {
            return false;
        }
        boolean len = operand instanceof Operand.Len;
        if (a.fansOut()) {
            return a.anyMatch(args, v -> len ? lengthTest(v, p) : p.test(v));
        }
        JsonNode v = resolve(a, args, (Scratch) frame);
        if (v == null) {
            return false;
        }
        return len ? lengthTest(v, p) : p.test(v);
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

    private static JsonNode resolve(Accessor a, JsonNode args, Scratch s) {
        int slot = a.slot;
        if (s.stamps[slot] == s.generation) {
            Object cached = s.values[slot];
            return cached == MISSING ? null : (JsonNode) cached;
        }
        JsonNode v = a.get(args);
        s.values[slot] = v == null ? MISSING : v;
        s.stamps[slot] = s.generation;
        return v;
    }
}
