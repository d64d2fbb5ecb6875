package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Compiles a checked policy to its decision diagrams: per tool, every applicable rule refines a
 * multi-terminal diagram whose terminals are partial decisions under the precedence
 * deny &gt; ask &gt; allow (with limits) &gt; default; a decision names its first deciding rule.
 */
public final class DiagramCompiler {

    public static final int DEFAULT_NODE_BUDGET = 1_000_000;

    /**
     * The variable order of every diagram: atoms by key, schema checks last. Validating is the
     * costliest test, and tested last it is reached only where a validate rule still decides the
     * leaf, so a schema problem is never reported for a call that another rule denied.
     */
    public static final java.util.Comparator<Atom> ORDER = java.util.Comparator
            .comparing((Atom a) -> a instanceof Atom.Schema).thenComparing(Atom::key);

    /** The policy's atoms, deduplicated by meaning and sorted by key (schema atoms last): the canonical variable order. */
    private final List<Atom> atoms = new ArrayList<>();
    private final Map<String, Integer> varOf = new HashMap<>();
    private final Map<Leaf, Integer> leaves = new LinkedHashMap<>();
    private AtomRelations relations;
    private final int budget;

    public DiagramCompiler() {
        this(DEFAULT_NODE_BUDGET);
    }

    public DiagramCompiler(int budget) {
        this.budget = budget;
    }

    /** A tool whose diagram outgrew the budget. */
    public static final class TooLarge extends Exception {
        private final String tool;

        TooLarge(String tool, int budget) {
            super("the decision structure of " + (tool == null ? "tools matched only by globs" : "tool " + tool)
                    + " needs more than " + budget + " nodes");
            this.tool = tool;
        }

        public String tool() {
            return tool;
        }
    }

    public Bundle compile(Policy policy, Map<String, JsonNode> schemas) throws TooLarge {
        List<Rule> rules = policy.rules();
        TreeMap<String, Atom> byKey = new TreeMap<>();
        for (Rule r : rules) {
            collectAtoms(r.when(), byKey);
            if (Globs.isGlob(r.target()) && !r.target().equals("*")) {
                Atom t = new Atom.ToolName(r.target());
                byKey.put(t.key(), t);
            }
        }
        for (ToolLimit t : policy.toolLimits()) {
            if (Globs.isGlob(t.target()) && !t.target().equals("*")) {
                Atom a = new Atom.ToolName(t.target());
                byKey.put(a.key(), a);
            }
        }
        List<Atom> ordered = new ArrayList<>(byKey.values());
        ordered.sort(ORDER);
        for (Atom a : ordered) {
            varOf.put(a.key(), atoms.size());
            atoms.add(a);
        }
        relations = new AtomRelations(atoms);

        Map<String, Integer> limitIndex = new HashMap<>();
        List<LimitSpec> limits = new ArrayList<>();
        for (var l : policy.limits()) {
            limitIndex.put(l.name(), limits.size());
            limits.add(l.spec());
        }
        List<RuleInfo> infos = new ArrayList<>();
        for (Rule r : rules) {
            infos.add(new RuleInfo(r.id(), r.effect(), r.reason(), r.span().location(), r.ask().approvers(),
                    r.ask().grantMillis()));
        }
        // Tool-level limits follow the rules: a limit decision names the one that refused.
        for (ToolLimit t : policy.toolLimits()) {
            infos.add(new RuleInfo(t.ruleId(), Effect.ALLOW, t.reason(), t.span().location()));
        }

        TreeSet<String> toolNames = new TreeSet<>(schemas.keySet());
        for (Rule r : rules) {
            if (!Globs.isGlob(r.target())) {
                toolNames.add(r.target());
            }
        }
        for (ToolLimit t : policy.toolLimits()) {
            if (!Globs.isGlob(t.target())) {
                toolNames.add(t.target());
            }
        }
        indexRules(policy);
        Map<String, Diagram> tools = new TreeMap<>();
        for (String tool : toolNames) {
            tools.put(tool, diagram(policy, tool, limitIndex));
        }
        Diagram fallback = diagram(policy, null, limitIndex);

        // Keep only the atoms some diagram still tests, renumbered in order: two policies that
        // compile to the same diagrams get the same atom table.
        TreeSet<Integer> used = new TreeSet<>();
        for (Diagram d : tools.values()) {
            for (int a : d.atom()) {
                used.add(a);
            }
        }
        for (int a : fallback.atom()) {
            used.add(a);
        }
        int[] renumber = new int[atoms.size()];
        List<Atom> kept = new ArrayList<>();
        for (int a : used) {
            renumber[a] = kept.size();
            kept.add(atoms.get(a));
        }
        Map<String, Diagram> renumbered = new TreeMap<>();
        for (Map.Entry<String, Diagram> e : tools.entrySet()) {
            renumbered.put(e.getKey(), renumber(e.getValue(), renumber));
        }
        List<String> hidden = policy.hidden().stream().map(h -> h.pattern()).distinct().sorted().toList();
        Map<String, Bundle> methods = new TreeMap<>();
        for (dev.mcppol.compiler.ir.MethodRules m : policy.methods()) {
            // Each kind compiles as a policy of its own: its own atoms, leaves and diagrams.
            methods.put(m.kind().word(), new DiagramCompiler(budget).compile(m.asPolicy(policy), Map.of()));
        }
        return new Bundle(policy.name(), policy.defaultEffect(), kept, limits, infos, List.copyOf(leaves.keySet()),
                renumbered, renumber(fallback, renumber), hidden, new TreeMap<>(schemas), null, methods);
    }

    /**
     * What the rules matched so far decide: the deciding effect and its first rule (in source order),
     * and the limits an admitted call consumes. Items are added deny rules first, then ask, then
     * allow, then tool limits, so a terminal never grows past what can change the outcome: that
     * keeps the diagram linear in the rules instead of exponential in the sets of matching rules.
     */
    private record Partial(Effect effect, int rule, TreeMap<Integer, TreeSet<Integer>> limits) {
        static final Partial NOTHING = new Partial(null, -1, new TreeMap<>());

        /** {@code more}: limits brought by the item; {@code carrier}: its entry in the bundle's rules. */
        Partial with(Effect e, int r, List<Integer> more, int carrier) {
            if (effect == Effect.ASK && e == null) {
                // A tool limit on an ask: what the call consumes if a person approves it.
                TreeMap<Integer, TreeSet<Integer>> all = new TreeMap<>();
                limits.forEach((k, v) -> all.put(k, new TreeSet<>(v)));
                for (int l : more) {
                    all.computeIfAbsent(l, k -> new TreeSet<>(List.of(carrier)));
                }
                return new Partial(effect, rule, all);
            }
            if (effect == Effect.DENY || (effect == Effect.ASK && e != Effect.DENY)) {
                return this;
            }
            if (e == Effect.DENY || e == Effect.ASK) {
                return new Partial(e, r, new TreeMap<>());
            }
            TreeMap<Integer, TreeSet<Integer>> all = new TreeMap<>();
            limits.forEach((k, v) -> all.put(k, new TreeSet<>(v)));
            for (int l : more) {
                // The first rule (in source order) that brings a limit names it; a duplicate of that
                // rule later on changes nothing, not even provenance.
                all.computeIfAbsent(l, k -> new TreeSet<>(List.of(carrier)));
            }
            return new Partial(effect == null && e == Effect.ALLOW ? Effect.ALLOW : effect,
                    effect == null && e == Effect.ALLOW ? r : rule, all);
        }

        List<Integer> limitList() {
            return List.copyOf(limits.keySet());
        }

        List<List<Integer>> carriers() {
            return limits.values().stream().map(v -> (List<Integer>) List.copyOf(v)).toList();
        }
    }

    /** Rule positions in source order: by exact target, and those whose target is a glob. */
    private final Map<String, List<Integer>> rulesByTool = new HashMap<>();
    private final List<Integer> globRules = new ArrayList<>();
    private final Map<String, List<Integer>> toolLimitsByTool = new HashMap<>();
    private final List<Integer> globToolLimits = new ArrayList<>();
    private int[] rank;

    /**
     * Sorts the rules into source order once (stable for equal positions, so the first deciding
     * rule a leaf names does not depend on the order of the list) and indexes them by target, so
     * each tool's diagram looks only at its own rules and the globs: compile time stays linear.
     */
    private void indexRules(Policy policy) {
        List<Rule> rules = policy.rules();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing(rules::get, Rule.SOURCE_ORDER));
        rank = new int[rules.size()];
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            rank[i] = k;
            String target = rules.get(i).target();
            if (Globs.isGlob(target)) {
                globRules.add(i);
            } else {
                rulesByTool.computeIfAbsent(target, t -> new ArrayList<>()).add(i);
            }
        }
        List<ToolLimit> limits = policy.toolLimits();
        for (int j = 0; j < limits.size(); j++) {
            String target = limits.get(j).target();
            if (Globs.isGlob(target)) {
                globToolLimits.add(j);
            } else {
                toolLimitsByTool.computeIfAbsent(target, t -> new ArrayList<>()).add(j);
            }
        }
    }

    /** The rules that may apply to a tool (null: tools the policy does not name), in source order. */
    private List<Integer> candidates(String tool) {
        List<Integer> exact = tool == null ? List.of() : rulesByTool.getOrDefault(tool, List.of());
        List<Integer> merged = new ArrayList<>(exact.size() + globRules.size());
        int a = 0;
        int b = 0;
        while (a < exact.size() || b < globRules.size()) {
            if (b == globRules.size() || (a < exact.size() && rank[exact.get(a)] < rank[globRules.get(b)])) {
                merged.add(exact.get(a++));
            } else {
                merged.add(globRules.get(b++));
            }
        }
        return merged;
    }

    /** The diagram for one named tool, or (tool == null) for every tool the policy does not name. */
    private Diagram diagram(Policy policy, String tool, Map<String, Integer> limitIndex) throws TooLarge {
        DiagramManager m = new DiagramManager(varOf, budget);
        try {
            List<Rule> rules = policy.rules();
            List<Integer> candidates = candidates(tool);
            int matches = m.terminal(Partial.NOTHING);
            for (Effect effect : List.of(Effect.DENY, Effect.ASK, Effect.ALLOW)) {
                for (int i : candidates) {
                    Rule rule = rules.get(i);
                    Condition applies = rule.effect() == effect ? targetCondition(rule.target(), tool) : null;
                    if (applies == null) {
                        continue;
                    }
                    int cond = m.and(m.of(applies), m.of(rule.when()));
                    List<Integer> limits = rule.limits().stream().map(limitIndex::get).toList();
                    int index = i;
                    matches = m.addItem(matches, cond, p -> ((Partial) p).with(effect, index, limits, index),
                            new HashMap<>());
                }
            }
            List<Integer> toolLimits = new ArrayList<>(tool == null ? List.of()
                    : toolLimitsByTool.getOrDefault(tool, List.of()));
            toolLimits.addAll(globToolLimits);
            toolLimits.sort(null);
            for (int j : toolLimits) {
                ToolLimit t = policy.toolLimits().get(j);
                Condition applies = targetCondition(t.target(), tool);
                if (applies != null) {
                    List<Integer> limit = List.of(limitIndex.get(t.limit()));
                    int carrier = rules.size() + j;
                    matches = m.addItem(matches, m.of(applies), p -> ((Partial) p).with(null, -1, limit, carrier),
                            new HashMap<>());
                }
            }
            return emit(m, new DiagramSimplifier(m, relations).run(matches), policy);
        } catch (NodeBudgetExceeded e) {
            throw new TooLarge(tool, budget);
        }
    }

    private static Diagram renumber(Diagram d, int[] renumber) {
        int[] atom = new int[d.size()];
        for (int i = 0; i < atom.length; i++) {
            atom[i] = renumber[d.atom()[i]];
        }
        return new Diagram(d.root(), atom, d.low(), d.high());
    }

    /** When a rule for {@code target} applies to {@code tool}: always, never (null), or by glob atom. */
    private static Condition targetCondition(String target, String tool) {
        if (tool != null) {
            return target.equals(tool) || (Globs.isGlob(target) && Globs.matches(target, tool)) ? Condition.TRUE : null;
        }
        if (!Globs.isGlob(target)) {
            return null;
        }
        if (target.equals("*")) {
            return Condition.TRUE;
        }
        return new Condition.AtomCond(new Atom.ToolName(target), null);
    }

    private static Leaf leafOf(Partial p, Policy policy) {
        if (p.effect() == Effect.DENY || p.effect() == Effect.ASK) {
            // An ask leaf keeps the tool's limits: an approved call consumes them when it is forwarded.
            return p.effect() == Effect.DENY ? new Leaf(Outcome.DENY, List.of(p.rule()), List.of())
                    : new Leaf(Outcome.ASK, List.of(p.rule()), p.limitList(), p.carriers());
        }
        if (p.effect() == Effect.ALLOW) {
            return new Leaf(Outcome.ALLOW, List.of(p.rule()), p.limitList(), p.carriers());
        }
        return policy.defaultEffect() == Effect.ALLOW ? new Leaf(Outcome.ALLOW, List.of(), p.limitList(), p.carriers())
                : new Leaf(Outcome.DENY, List.of(), List.of());
    }

    /**
     * Maps terminals to leaves, reduces again (two item sets may resolve to the same leaf), and
     * numbers nodes in reverse post-order, so every edge points to a higher index.
     */
    private Diagram emit(DiagramManager m, int root, Policy policy) {
        Map<Integer, Integer> reduced = new HashMap<>();
        DiagramManager out = new DiagramManager(varOf, budget);
        int newRoot = remap(m, root, out, reduced, policy);
        List<Integer> order = new ArrayList<>();
        postOrder(out, newRoot, new java.util.HashSet<>(), order);
        java.util.Collections.reverse(order);
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        int n = order.size();
        int[] atom = new int[n];
        int[] low = new int[n];
        int[] high = new int[n];
        for (int i = 0; i < n; i++) {
            int ref = order.get(i);
            atom[i] = out.var(ref);
            low[i] = ref(out, out.low(ref), index);
            high[i] = ref(out, out.high(ref), index);
        }
        return new Diagram(ref(out, newRoot, index), atom, low, high);
    }

    private static int ref(DiagramManager out, int r, Map<Integer, Integer> index) {
        return r >= 0 ? index.get(r) : Diagram.leafRef((Integer) out.terminalValue(r));
    }

    private int remap(DiagramManager m, int r, DiagramManager out, Map<Integer, Integer> done, Policy policy) {
        Integer d = done.get(r);
        if (d != null) {
            return d;
        }
        int result;
        if (r < 0) {
            Leaf leaf = leafOf((Partial) m.terminalValue(r), policy);
            Integer li = leaves.get(leaf);
            if (li == null) {
                li = leaves.size();
                leaves.put(leaf, li);
            }
            result = out.terminal(li);
        } else {
            int lo = remap(m, m.low(r), out, done, policy);
            int hi = remap(m, m.high(r), out, done, policy);
            result = out.mk(m.var(r), lo, hi);
        }
        done.put(r, result);
        return result;
    }

    private static void postOrder(DiagramManager out, int r, java.util.Set<Integer> seen, List<Integer> order) {
        if (r < 0 || !seen.add(r)) {
            return;
        }
        postOrder(out, out.low(r), seen, order);
        postOrder(out, out.high(r), seen, order);
        order.add(r);
    }

    private static void collectAtoms(Condition c, Map<String, Atom> into) {
        Conditions.eachAtom(c, (a, negated) -> into.put(a.atom().key(), a.atom()));
    }
}
