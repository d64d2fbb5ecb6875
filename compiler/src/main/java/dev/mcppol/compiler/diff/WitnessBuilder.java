package dev.mcppol.compiler.diff;

import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a concrete call that takes a given path through a decision structure: for each value the
 * path tests, candidates are drawn from the atoms themselves (numbers around interval bounds,
 * strings from equalities, prefixes, suffixes, enums, samples of regexes) and the first that gives
 * every test its wanted answer is kept. The result is only a candidate: callers verify it.
 */
final class WitnessBuilder {

    /** Marks "leave the value out". */
    private static final JsonNode ABSENT = Json.NODES.missingNode();

    private final List<Atom> atoms;
    private final ReferenceInterpreter oracle;

    WitnessBuilder(List<Atom> atoms, ReferenceInterpreter oracle) {
        this.atoms = atoms;
        this.oracle = oracle;
    }

    /**
     * Where a tested value lives in a call: a context value, or an argument (or claim) path up to its
     * first {@code [*]}. Tests on {@code s}, {@code len(s)} and {@code s[*]} share one slot, so one
     * value is chosen for all of them ({@code []} meets {@code len(s) == 0} and not {@code s == ""}).
     */
    record Slot(Root root, List<PathSeg> path) {
        Slot {
            path = List.copyOf(path);
        }
    }

    /**
     * The outcome of one attempt: a call, or the literals no value could meet together (all of one
     * slot, or the tool-name globs) — what kept this path without a witness.
     */
    record Attempt(Call call, List<Integer> stuck) {
    }

    /**
     * @param tool       the tool, or null to choose a name the policies do not name (for the globs)
     * @param literals   the path: atom index * 2 + wanted value
     * @param namedTools names either policy names (a chosen name must avoid them)
     * @return a call meeting every literal, or null when none was found
     */
    Call build(String tool, List<Integer> literals, Set<String> namedTools) {
        return attempt(tool, literals, namedTools).call();
    }

    Attempt attempt(String tool, List<Integer> literals, Set<String> namedTools) {
        Map<Slot, List<Integer>> bySlot = new LinkedHashMap<>();
        List<Integer> toolLits = new ArrayList<>();
        for (int lit : literals) {
            boolean sorted = atoms.get(lit >> 1).accept(new Atom.Visitor<Boolean>() {
                public Boolean check(Atom.Check c) {
                    Slot slot = slotOf(c.operand());
                    if (slot == null) {
                        return false;
                    }
                    bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(lit);
                    return true;
                }

                public Boolean toolName(Atom.ToolName t) {
                    toolLits.add(lit);
                    return true;
                }

                public Boolean schema(Atom.Schema t) {
                    return true; // decided by the arguments the other tests place; the oracle checks the call
                }
            });
            if (!sorted) {
                return new Attempt(null, List.of(lit));
            }
        }
        String name = tool != null ? tool : toolName(toolLits, namedTools);
        if (name == null) {
            return new Attempt(null, toolLits);
        }
        ObjectNode args = Json.NODES.objectNode();
        ObjectNode claims = Json.NODES.objectNode();
        boolean readsClaims = false;
        String session = null;
        String identity = null;
        for (Map.Entry<Slot, List<Integer>> e : bySlot.entrySet()) {
            Slot slot = e.getKey();
            List<Integer> lits = e.getValue();
            JsonNode chosen = null;
            for (JsonNode candidate : candidates(slot, lits)) {
                if (satisfies(name, slot, candidate, lits)) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                return new Attempt(null, lits);
            }
            boolean placed = true;
            switch (slot.root()) {
                case SESSION -> session = chosen.isMissingNode() ? null : chosen.stringValue();
                case IDENTITY -> identity = chosen.isMissingNode() ? null : chosen.stringValue();
                case CLAIMS -> {
                    readsClaims = true;
                    placed = chosen.isMissingNode() || place(claims, slot.path(), chosen);
                }
                case ARGS -> placed = chosen.isMissingNode() || place(args, slot.path(), chosen);
            }
            if (!placed) {
                return new Attempt(null, lits);
            }
        }
        // A policy that reads claims gets a witness with claims (possibly none of them set).
        return new Attempt(new Call(name, args, session, identity, 0, null, readsClaims ? claims : null), List.of());
    }

    /** The slot an operand reads, or null for a path that starts with {@code [*]} (nothing to place). */
    static Slot slotOf(Operand o) {
        TestParts.Reads reads = TestParts.reads(o);
        if (reads.root() == Root.SESSION || reads.root() == Root.IDENTITY) {
            return new Slot(reads.root(), List.of());
        }
        List<PathSeg> prefix = beforeAny(reads.path());
        return prefix.isEmpty() ? null : new Slot(reads.root(), prefix);
    }

    private static List<PathSeg> beforeAny(List<PathSeg> path) {
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i) instanceof PathSeg.Any) {
                return path.subList(0, i);
            }
        }
        return path;
    }

    private boolean satisfies(String tool, Slot slot, JsonNode candidate, List<Integer> lits) {
        ObjectNode args = Json.NODES.objectNode();
        ObjectNode claims = Json.NODES.objectNode();
        String session = null;
        String identity = null;
        boolean context = slot.root() == Root.SESSION || slot.root() == Root.IDENTITY;
        if (context && !candidate.isMissingNode() && !candidate.isString()) {
            return false;
        }
        String text = context && !candidate.isMissingNode() ? candidate.stringValue() : null;
        switch (slot.root()) {
            case SESSION -> session = text;
            case IDENTITY -> identity = text;
            case CLAIMS -> {
                if (!candidate.isMissingNode() && !place(claims, slot.path(), candidate)) {
                    return false;
                }
            }
            case ARGS -> {
                if (!candidate.isMissingNode() && !place(args, slot.path(), candidate)) {
                    return false;
                }
            }
        }
        Call call = new Call(tool, args, session, identity, 0, null, claims);
        for (int lit : lits) {
            if (oracle.holds(atoms.get(lit >> 1), call) != ((lit & 1) == 1)) {
                return false;
            }
        }
        return true;
    }

    private String toolName(List<Integer> lits, Set<String> named) {
        Set<String> candidates = new LinkedHashSet<>();
        List<String> wanted = new ArrayList<>();
        for (int lit : lits) {
            String glob = ((Atom.ToolName) atoms.get(lit >> 1)).glob();
            candidates.add(glob.replace("*", "x").replace("?", "x"));
            candidates.add(glob.replace("*", "").replace("?", "q"));
            if ((lit & 1) == 1) {
                wanted.add(glob);
            }
        }
        // A name several globs must all match: their fixed parts one after the other (a* and *b: ab),
        // in every order of two, then all of them.
        for (String g : wanted) {
            for (String h : wanted) {
                if (!g.equals(h)) {
                    candidates.add(fixed(g) + fixed(h));
                    candidates.add(fixed(g) + "x" + fixed(h));
                }
            }
        }
        candidates.add(String.join("", wanted.stream().map(WitnessBuilder::fixed).toList()));
        candidates.add("mcppol-witness-tool");
        for (String c : candidates) {
            if (c.isEmpty() || named.contains(c)) {
                continue;
            }
            boolean ok = true;
            for (int lit : lits) {
                ok &= Globs.matches(((Atom.ToolName) atoms.get(lit >> 1)).glob(), c) == ((lit & 1) == 1);
            }
            if (ok) {
                return c;
            }
        }
        return null;
    }

    private static String fixed(String glob) {
        return glob.replace("*", "").replace("?", "q");
    }

    /**
     * Values to try for one slot, first "absent". A test on an element ({@code tags[*] == "a"}) is
     * tried as a one-element list, and the elements every such test wants as one list ({@code ["a","b"]}
     * meets {@code tags[*] == "a" and tags[*] == "b"}); a length as a string, a list and a mapping of
     * that length.
     */
    private List<JsonNode> candidates(Slot slot, List<Integer> lits) {
        Set<JsonNode> out = new LinkedHashSet<>();
        out.add(ABSENT);
        boolean onlyLengths = true;
        ArrayNode together = Json.NODES.arrayNode();
        List<JsonNode> values = new ArrayList<>();
        for (int lit : lits) {
            Atom.Check check = checkOf(lit);
            Operand operand = check.operand();
            TestParts.Reads reads = TestParts.reads(operand);
            List<PathSeg> path = slot.path().isEmpty() ? List.of() : reads.path();
            boolean len = reads.length();
            List<JsonNode> seeds = check.test().accept(new Seeds(suffixes(lits)));
            if (TestParts.contained(check.test()) != null && (lit & 1) == 1) {
                ArrayNode every = Json.NODES.arrayNode();
                for (int other : lits) {
                    Atom.Check o = checkOf(other);
                    JsonNode wanted = TestParts.contained(o.test());
                    if (wanted != null && (other & 1) == 1 && o.operand().equals(operand)) {
                        every.add(wanted);
                    }
                }
                if (every.size() > 1) {
                    seeds.add(0, every); // a list that must contain several values (groups: [analysts, admins])
                }
            }
            if (reads.root() == Root.CLAIMS) {
                // Claims that hold lists (groups, roles) are lists in real tokens: try those first.
                List<JsonNode> lists = new ArrayList<>(seeds.stream().filter(JsonNode::isArray).toList());
                seeds.removeIf(JsonNode::isArray);
                lists.addAll(seeds);
                seeds = lists;
            }
            if (len) {
                seeds = lengths(seeds);
            } else {
                onlyLengths = false;
            }
            int rest = slot.path().size();
            if (rest < path.size()) {
                // path = slot [*] rest…: each value becomes an element of a list at the slot.
                List<PathSeg> inside = path.subList(rest + 1, path.size());
                List<JsonNode> lists = new ArrayList<>();
                boolean first = true;
                for (JsonNode seed : seeds) {
                    JsonNode element = element(inside, seed);
                    if (element == null) {
                        continue;
                    }
                    lists.add(Json.NODES.arrayNode().add(element));
                    if (first && (lit & 1) == 1 && together.size() < 16) {
                        together.add(element);
                    }
                    first = false;
                }
                lists.add(Json.NODES.arrayNode());
                seeds = lists;
            }
            values.addAll(seeds);
        }
        if (together.size() > 1) {
            values.add(0, together);
        }
        out.addAll(values);
        if (!onlyLengths) {
            out.add(Json.NODES.nullNode());
            out.add(Json.NODES.stringNode("x"));
            out.add(Json.NODES.numberNode(0));
            out.add(Json.NODES.booleanNode(true));
            out.add(Json.NODES.booleanNode(false));
            out.add(Json.NODES.arrayNode());
            out.add(Json.NODES.objectNode());
        }
        List<JsonNode> constants = comparedConstants(slot, lits);
        if (constants != null) {
            // Only comparisons, in and exists on a plain argument: one value per class decides it
            // exactly (tried last: the plainer values above read better in a witness).
            for (JsonNode c : PathFeasibility.candidates(constants)) {
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The constants of a slot tested only by comparisons, in and exists on its own value; else null. */
    private List<JsonNode> comparedConstants(Slot slot, List<Integer> lits) {
        if (slot.root() != Root.ARGS) {
            return null;
        }
        List<JsonNode> constants = new ArrayList<>();
        for (int lit : lits) {
            Atom.Check c = checkOf(lit);
            TestParts.Reads reads = TestParts.reads(c.operand());
            if (reads.root() != Root.ARGS || reads.length() || !reads.path().equals(slot.path())) {
                return null;
            }
            List<JsonNode> own = TestParts.classConstants(c.test());
            if (own == null) {
                return null;
            }
            constants.addAll(own);
        }
        return constants;
    }

    /** For each small whole number among the seeds: a string, a list and a mapping of that length. */
    private static List<JsonNode> lengths(List<JsonNode> seeds) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : seeds) {
            if (s.isIntegralNumber() && s.canConvertToInt() && s.intValue() >= 0 && s.intValue() < 10_000) {
                int n = s.intValue();
                out.add(Json.NODES.stringNode("x".repeat(n)));
                ArrayNode list = Json.NODES.arrayNode();
                ObjectNode map = Json.NODES.objectNode();
                for (int i = 0; i < n && i < 64; i++) {
                    list.add("x");
                    map.put("k" + i, "x");
                }
                if (n < 64) {
                    out.add(list);
                    out.add(map);
                }
            }
        }
        return out;
    }

    /** An element that has {@code value} at {@code inside} (the path after the {@code [*]}). */
    private static JsonNode element(List<PathSeg> inside, JsonNode value) {
        if (inside.isEmpty()) {
            return value;
        }
        if (value.isMissingNode()) {
            return null;
        }
        ObjectNode holder = Json.NODES.objectNode();
        List<PathSeg> path = new ArrayList<>();
        path.add(new PathSeg.Key("e"));
        path.addAll(inside);
        return place(holder, path, value) ? holder.get("e") : null;
    }

    /** The value test of a literal placed in a slot (only value tests are: see {@link #attempt}). */
    private Atom.Check checkOf(int lit) {
        return TestParts.check(atoms.get(lit >> 1));
    }

    /** The suffixes the slot's tests want, in the order tested. */
    private List<String> suffixes(List<Integer> lits) {
        List<String> out = new ArrayList<>();
        for (int lit : lits) {
            String suffix = TestParts.suffix(checkOf(lit).test());
            if (suffix != null) {
                out.add(suffix);
            }
        }
        return out;
    }

    /** Where one step of a path places a value: under a key (a mapping), else at an index (a list). */
    private record Step(String key, int index) {
    }

    /** {@code [*]} places its one element at index 0. */
    private static final PathSeg.Visitor<Step> STEP = new PathSeg.Visitor<>() {
        public Step key(PathSeg.Key k) {
            return new Step(k.name(), 0);
        }

        public Step index(PathSeg.Index i) {
            return new Step(null, i.index());
        }

        public Step any(PathSeg.Any a) {
            return new Step(null, 0);
        }
    };

    /** Puts a value at a path, creating objects and one-element arrays; false on a conflict. */
    private static boolean place(ObjectNode root, List<PathSeg> path, JsonNode value) {
        JsonNode cur = root;
        for (int i = 0; i < path.size(); i++) {
            PathSeg seg = path.get(i);
            boolean last = i == path.size() - 1;
            Step step = seg.accept(STEP);
            JsonNode next = last ? value : path.get(i + 1).accept(STEP).key() != null ? Json.NODES.objectNode()
                    : Json.NODES.arrayNode();
            if (step.key() != null) {
                if (!(cur instanceof ObjectNode o)) {
                    return false;
                }
                JsonNode existing = o.get(step.key());
                if (existing == null) {
                    o.set(step.key(), next);
                    cur = next;
                } else if (last || existing.isValueNode()) {
                    return false;
                } else {
                    cur = existing;
                }
            } else {
                if (!(cur instanceof ArrayNode a)) {
                    return false;
                }
                int index = step.index();
                if (index > 16) {
                    return false;
                }
                while (a.size() <= index) {
                    a.add(a.size() == index ? next : Json.NODES.nullNode());
                }
                if (a.get(index) != next && (last || a.get(index).isValueNode())) {
                    if (a.get(index).isNull() && !last) {
                        a.set(index, next);
                    } else if (a.get(index) != next) {
                        return false;
                    }
                }
                cur = a.get(index);
            }
        }
        return true;
    }
}
