package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.ir.Condition;
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
 * Compiles a checked policy to its decision diagrams: per tool, every applicable rule becomes an
 * item of a multi-terminal diagram whose terminals are the sets of matching items, and each set is
 * then resolved by the precedence deny &gt; ask &gt; allow (with limits) &gt; default.
 */
public final class DiagramCompiler {

    public static final int DEFAULT_NODE_BUDGET = 1_000_000;

    /** The policy's atoms, deduplicated by meaning and sorted by key (schema atoms last): the canonical variable order. */
    private final List<Atom> atoms = new ArrayList<>();
    private final Map<String, Integer> varOf = new HashMap<>();
    private final Map<Leaf, Integer> leaves = new LinkedHashMap<>();
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
        // Schema atoms go last: validating is the costliest test, and tested last it is reached only
        // where a validate rule still decides the leaf, so a schema problem is never reported for
        // a call that another rule denied.
        for (boolean schemaPass : new boolean[] {false, true}) {
            for (Atom a : byKey.values()) {
                if ((a instanceof Atom.Schema) == schemaPass) {
                    varOf.put(a.key(), atoms.size());
                    atoms.add(a);
                }
            }
        }

        Map<String, Integer> limitIndex = new HashMap<>();
        List<LimitSpec> limits = new ArrayList<>();
        for (var l : policy.limits()) {
            limitIndex.put(l.name(), limits.size());
            limits.add(l.spec());
        }
        List<RuleInfo> infos = new ArrayList<>();
        for (Rule r : rules) {
            infos.add(new RuleInfo(r.id(), r.effect(), r.reason(), r.span().location()));
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
        Map<String, Diagram> tools = new TreeMap<>();
        for (String tool : toolNames) {
            tools.put(tool, diagram(policy, tool, limitIndex));
        }
        Diagram fallback = diagram(policy, null, limitIndex);

        List<String> hidden = policy.hidden().stream().map(h -> h.pattern()).distinct().sorted().toList();
        return new Bundle(policy.name(), policy.defaultEffect(), atoms, limits, infos, List.copyOf(leaves.keySet()),
                tools, fallback, hidden, new TreeMap<>(schemas), null);
    }

    /** The diagram for one named tool, or (tool == null) for every tool the policy does not name. */
    private Diagram diagram(Policy policy, String tool, Map<String, Integer> limitIndex) throws TooLarge {
        DiagramManager m = new DiagramManager(varOf, budget);
        try {
            List<Rule> rules = policy.rules();
            List<ToolLimit> toolLimits = policy.toolLimits();
            int matches = m.terminal(List.of());
            // Items 0..rules-1 are rules; the rest are tool-level limits.
            for (int i = 0; i < rules.size(); i++) {
                Condition applies = targetCondition(rules.get(i).target(), tool);
                if (applies != null) {
                    int cond = m.and(m.of(applies), m.of(rules.get(i).when()));
                    matches = m.addItem(matches, cond, i, new HashMap<>());
                }
            }
            for (int j = 0; j < toolLimits.size(); j++) {
                Condition applies = targetCondition(toolLimits.get(j).target(), tool);
                if (applies != null) {
                    matches = m.addItem(matches, m.of(applies), rules.size() + j, new HashMap<>());
                }
            }
            return emit(m, matches, policy, limitIndex);
        } catch (NodeBudgetExceeded e) {
            throw new TooLarge(tool, budget);
        }
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

    private Leaf leafOf(List<Integer> items, Policy policy, Map<String, Integer> limitIndex) {
        List<Rule> rules = policy.rules();
        List<Integer> denies = new ArrayList<>();
        List<Integer> asks = new ArrayList<>();
        List<Integer> allows = new ArrayList<>();
        TreeSet<Integer> limits = new TreeSet<>();
        for (int item : items) {
            if (item >= rules.size()) {
                limits.add(limitIndex.get(policy.toolLimits().get(item - rules.size()).limit()));
                continue;
            }
            Effect e = rules.get(item).effect();
            (e == Effect.DENY ? denies : e == Effect.ASK ? asks : allows).add(item);
        }
        if (!denies.isEmpty()) {
            return new Leaf(Outcome.DENY, denies, List.of());
        }
        if (!asks.isEmpty()) {
            return new Leaf(Outcome.ASK, asks, List.of());
        }
        if (allows.isEmpty() && policy.defaultEffect() != Effect.ALLOW) {
            return new Leaf(Outcome.DENY, List.of(), List.of());
        }
        for (int a : allows) {
            for (String l : rules.get(a).limits()) {
                limits.add(limitIndex.get(l));
            }
        }
        return new Leaf(Outcome.ALLOW, allows, List.copyOf(limits));
    }

    /**
     * Maps terminals to leaves, reduces again (two item sets may resolve to the same leaf), and
     * numbers nodes in reverse post-order, so every edge points to a higher index.
     */
    private Diagram emit(DiagramManager m, int root, Policy policy, Map<String, Integer> limitIndex) {
        Map<Integer, Integer> reduced = new HashMap<>();
        DiagramManager out = new DiagramManager(varOf, budget);
        int newRoot = remap(m, root, out, reduced, policy, limitIndex);
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

    private int remap(DiagramManager m, int r, DiagramManager out, Map<Integer, Integer> done, Policy policy,
                      Map<String, Integer> limitIndex) {
        Integer d = done.get(r);
        if (d != null) {
            return d;
        }
        int result;
        if (r < 0) {
            @SuppressWarnings("unchecked")
            List<Integer> items = (List<Integer>) m.terminalValue(r);
            Leaf leaf = leafOf(items, policy, limitIndex);
            Integer li = leaves.get(leaf);
            if (li == null) {
                li = leaves.size();
                leaves.put(leaf, li);
            }
            result = out.terminal(li);
        } else {
            int lo = remap(m, m.low(r), out, done, policy, limitIndex);
            int hi = remap(m, m.high(r), out, done, policy, limitIndex);
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
        if (c instanceof Condition.AtomCond a) {
            into.put(a.atom().key(), a.atom());
        } else if (c instanceof Condition.Not n) {
            collectAtoms(n.operand(), into);
        } else if (c instanceof Condition.And a) {
            a.parts().forEach(p -> collectAtoms(p, into));
        } else if (c instanceof Condition.Or o) {
            o.parts().forEach(p -> collectAtoms(p, into));
        }
    }
}
