package dev.mcppol.compiler.diff;

import dev.mcppol.compiler.compile.AtomRelations;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.DiagramManager;
import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.LimitSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcppol diff}: compares what two policies do, not how they are written. Both bundles'
 * diagrams are rebuilt over one shared atom order, with leaves reduced to their meaning, and walked
 * together; a path on which the meanings differ — and which the atoms' relations do not rule out —
 * is turned into a concrete call and verified on both engines. "Equivalent" is said only when no
 * such path exists.
 */
public final class SemanticDiff {

    /** Differing paths tried per tool before giving up on a witness. */
    static final int MAX_PATHS = 64;

    private final List<Atom> atoms = new ArrayList<>();
    private final Map<String, Integer> varOf = new HashMap<>();
    private AtomRelations relations;
    private DiagramManager m;
    private PathFeasibility feasibility;
    /** Differing paths dropped as impossible (a memo of "equal below" must not hide them). */
    private int pruned;

    public DiffReport diff(Bundle before, Bundle after) {
        prepare(before, after);
        DiffReport tools = compare(before, after);
        List<String> methodChanges = new ArrayList<>();
        Map<String, DiffReport> methods = new TreeMap<>();
        for (dev.mcppol.runtime.model.MethodKind kind : dev.mcppol.runtime.model.MethodKind.values()) {
            Bundle x = before.method(kind);
            Bundle y = after.method(kind);
            if (x == null && y == null) {
                continue;
            }
            if (x == null || y == null) {
                methodChanges.add(kind.word() + ": " + (x == null ? "unchecked before, decided by the policy now"
                        : "decided by the policy before, unchecked now"));
                continue;
            }
            // Each kind's section compares as a policy of its own, on its own atom order. Its named
            // limits are the policy's (a limit counts across kinds): their changes are said once, above,
            // and a section differs only where its own decisions or the limits they consume do.
            DiffReport whole = new SemanticDiff().diff(x, y);
            DiffReport d = new DiffReport(whole.added(), whole.removed(), List.of(), whole.hiddenChanges(),
                    whole.tools(), whole.methodChanges(), whole.methods());
            if (!d.equivalent() || !d.added().isEmpty() || !d.removed().isEmpty()) {
                methods.put(kind.word(), d);
            }
        }
        return new DiffReport(tools.added(), tools.removed(), tools.limitChanges(), tools.hiddenChanges(),
                tools.tools(), methodChanges, methods);
    }

    /**
     * True when both bundles have, for every tool, the same decision structure once provenance is
     * stripped (leaves reduced to outcome and limits) and the result reduced again: the canonical
     * form, which rule order and duplication must not change.
     */
    public boolean sameCanonicalStructure(Bundle before, Bundle after) {
        prepare(before, after);
        if (!before.tools().keySet().equals(after.tools().keySet())) {
            return false;
        }
        dev.mcppol.compiler.compile.DiagramSimplifier simplifier =
                new dev.mcppol.compiler.compile.DiagramSimplifier(m, relations);
        for (String tool : before.tools().keySet()) {
            if (simplifier.run(convert(before, before.diagramFor(tool), tool))
                    != simplifier.run(convert(after, after.diagramFor(tool), tool))) {
                return false;
            }
        }
        return simplifier.run(convert(before, before.fallback(), null))
                == simplifier.run(convert(after, after.fallback(), null));
    }

    private void prepare(Bundle before, Bundle after) {
        TreeMap<String, Atom> all = new TreeMap<>();
        before.atoms().forEach(a -> all.put(a.key(), a));
        after.atoms().forEach(a -> all.put(a.key(), a));
        List<Atom> ordered = new ArrayList<>(all.values());
        ordered.sort(DiagramCompiler.ORDER);
        for (Atom a : ordered) {
            varOf.put(a.key(), atoms.size());
            atoms.add(a);
        }
        relations = new AtomRelations(atoms);
        m = new DiagramManager(varOf, Integer.MAX_VALUE);
    }

    private DiffReport compare(Bundle before, Bundle after) {

        Set<String> named = new TreeSet<>(before.tools().keySet());
        named.addAll(after.tools().keySet());
        List<String> added = after.tools().keySet().stream().filter(t -> !before.tools().containsKey(t)).sorted()
                .toList();
        List<String> removed = before.tools().keySet().stream().filter(t -> !after.tools().containsKey(t)).sorted()
                .toList();
        Map<String, JsonNode> schemas = new HashMap<>(before.schemas());
        schemas.putAll(after.schemas());
        ReferenceInterpreter oracle = new ReferenceInterpreter(null, schemas);
        WitnessBuilder witnesses = new WitnessBuilder(atoms, oracle);
        feasibility = new PathFeasibility(atoms, oracle);

        List<ToolDiff> diffs = new ArrayList<>();
        List<String> tools = new ArrayList<>(named);
        tools.add(null);
        for (String tool : tools) {
            int x = convert(before, tool == null ? before.fallback() : before.diagramFor(tool), tool);
            int y = convert(after, tool == null ? after.fallback() : after.diagramFor(tool), tool);
            if (x == y) {
                continue;
            }
            List<List<Integer>> paths = new ArrayList<>();
            walk(x, y, new ArrayList<>(), paths, new HashSet<>());
            if (paths.isEmpty()) {
                continue;
            }
            diffs.add(explain(tool, paths, before, after, witnesses, named));
        }
        return new DiffReport(added, removed, limitChanges(before, after), hiddenChanges(before, after), diffs);
    }

    private ToolDiff explain(String tool, List<List<Integer>> paths, Bundle before, Bundle after,
                             WitnessBuilder witnesses, Set<String> named) {
        String label = tool == null ? "(any other tool)" : tool;
        Set<Unproven> unproven = new java.util.LinkedHashSet<>();
        for (List<Integer> path : paths) {
            WitnessBuilder.Attempt attempt = witnesses.attempt(tool, path, named);
            Call w = attempt.call();
            if (w == null) {
                unproven.add(Unproven.of(atoms, attempt.stuck()));
                continue;
            }
            Engine e1 = new Engine(before, new InMemoryLimiter());
            Engine e2 = new Engine(after, new InMemoryLimiter());
            Meaning m1 = Meaning.of(before, e1.trace(w).leaf(), identities(before));
            Meaning m2 = Meaning.of(after, e2.trace(w).leaf(), identities(after));
            Decision d1 = e1.decide(w);
            Decision d2 = e2.decide(w);
            if (d1.outcome() != d2.outcome()) {
                return new ToolDiff(label, ToolDiff.Kind.OUTCOME, w, d1, d2, m1.text(), m2.text(), null);
            }
            if (!m1.equals(m2)) {
                ToolDiff.Kind kind = m1.limits().equals(m2.limits()) ? ToolDiff.Kind.APPROVAL : ToolDiff.Kind.LIMITS;
                return new ToolDiff(label, kind, w, d1, d2, m1.text(), m2.text(), null);
            }
            // A call meeting every test the path makes, answered alike: the witness leaves out what it
            // does not build (the input schema), so the path's schema tests, else all of them, kept it.
            List<Integer> schema = path.stream().filter(l -> atoms.get(l >> 1) instanceof Atom.Schema).toList();
            unproven.add(Unproven.of(atoms, schema.isEmpty() ? path : schema));
        }
        Set<String> tests = new TreeSet<>();
        for (int lit : paths.get(0)) {
            tests.add(atoms.get(lit >> 1).key());
        }
        return new ToolDiff(label, ToolDiff.Kind.UNKNOWN, null, null, null, null, null,
                "the two structures differ where they test " + String.join(", ", tests)
                        + "; no call could be built that shows the difference, nor can it be ruled out",
                new ArrayList<>(unproven));
    }

    private final Map<Bundle, LimitIdentities> identities = new java.util.IdentityHashMap<>();

    private LimitIdentities identities(Bundle b) {
        return identities.computeIfAbsent(b, LimitIdentities::new);
    }

    /** Rebuilds a bundle's diagram in the shared manager; for a named tool, its globs are resolved. */
    private int convert(Bundle b, Diagram d, String tool) {
        return convert(b, d, d.root(), tool, new HashMap<>());
    }

    private int convert(Bundle b, Diagram d, int ref, String tool, Map<Integer, Integer> memo) {
        if (ref < 0) {
            return m.terminal(Meaning.of(b, b.leaves().get(Diagram.leafOf(ref)), identities(b)));
        }
        Integer done = memo.get(ref);
        if (done != null) {
            return done;
        }
        Atom atom = b.atoms().get(d.atom()[ref]);
        int result;
        if (atom instanceof Atom.ToolName t && tool != null) {
            result = convert(b, d, Globs.matches(t.glob(), tool) ? d.high()[ref] : d.low()[ref], tool, memo);
        } else {
            result = m.mk(varOf.get(atom.key()), convert(b, d, d.low()[ref], tool, memo),
                    convert(b, d, d.high()[ref], tool, memo));
        }
        memo.put(ref, result);
        return result;
    }

    /** Collects paths (as literals) on which the two diagrams reach leaves of different meaning. */
    private void walk(int x, int y, List<Integer> path, List<List<Integer>> found, Set<String> equal) {
        if (found.size() >= MAX_PATHS || x == y) {
            return;
        }
        if (x < 0 && y < 0) {
            if (!m.terminalValue(x).equals(m.terminalValue(y))) {
                if (feasibility.possible(path)) {
                    found.add(List.copyOf(path));
                } else {
                    pruned++;
                }
            }
            return;
        }
        int v = Math.min(m.var(x), m.var(y));
        if (relations.group(v) >= 0) {
            for (int lit : path) {
                Boolean forced = relations.implied(lit >> 1, (lit & 1) == 1, v);
                if (forced != null) {
                    walk(cofactor(x, v, forced), cofactor(y, v, forced), path, found, equal);
                    return;
                }
            }
        }
        String key = key(x, y, path);
        if (equal.contains(key)) {
            return;
        }
        int before = found.size();
        int prunedBefore = pruned;
        for (boolean value : new boolean[] {false, true}) {
            path.add(v * 2 + (value ? 1 : 0));
            walk(cofactor(x, v, value), cofactor(y, v, value), path, found, equal);
            path.remove(path.size() - 1);
        }
        // "Equal below" only when nothing differed at all: a difference dropped as impossible
        // after this path's literals may be possible after another's.
        if (found.size() == before && pruned == prunedBefore) {
            equal.add(key);
        }
    }

    private int cofactor(int ref, int v, boolean value) {
        if (ref < 0 || m.var(ref) != v) {
            return ref;
        }
        return value ? m.high(ref) : m.low(ref);
    }

    /** Memo key: the pair, and the literals on the path that can still force a test below it. */
    private String key(int x, int y, List<Integer> path) {
        BitSet below = groups(x);
        below.or(groups(y));
        StringBuilder k = new StringBuilder().append(x).append('/').append(y);
        for (int lit : path) {
            int g = relations.group(lit >> 1);
            if (g >= 0 && below.get(g)) {
                k.append(',').append(lit);
            }
        }
        return k.toString();
    }

    private final Map<Integer, BitSet> groupsBelow = new HashMap<>();

    private BitSet groups(int ref) {
        BitSet g = groupsBelow.get(ref);
        if (g == null) {
            g = new BitSet();
            if (ref >= 0) {
                int group = relations.group(m.var(ref));
                if (group >= 0) {
                    g.set(group);
                }
                g.or(groups(m.low(ref)));
                g.or(groups(m.high(ref)));
            }
            groupsBelow.put(ref, g);
        }
        return (BitSet) g.clone();
    }

    private static List<String> limitChanges(Bundle before, Bundle after) {
        Map<String, LimitSpec> old = new HashMap<>();
        before.limits().stream().filter(LimitSpec::shared).forEach(l -> old.put(l.name(), l));
        List<String> out = new ArrayList<>();
        for (LimitSpec l : after.limits()) {
            LimitSpec o = old.get(l.name());
            if (l.shared() && o != null && !LimitIdentities.params(o).equals(LimitIdentities.params(l))) {
                out.add("limit " + l.name() + ": " + o.text() + " → " + l.text());
            }
        }
        return out;
    }

    private static List<String> hiddenChanges(Bundle before, Bundle after) {
        List<String> out = new ArrayList<>();
        for (String h : after.hidden()) {
            if (!before.hidden().contains(h)) {
                out.add("now hidden from tools/list: " + h);
            }
        }
        for (String h : before.hidden()) {
            if (!after.hidden().contains(h)) {
                out.add("no longer hidden from tools/list: " + h);
            }
        }
        return out;
    }
}
