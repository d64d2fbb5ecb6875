package dev.mcppol.compiler.diff;

import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.PathSeg;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether any call can take a path of a diagram: per argument, the tests the path fixes must hold
 * together. For an argument tested only by comparisons, {@code in} and {@code exists}, the values
 * fall into finitely many classes (missing, null, each boolean, each constant, a string or number
 * between or beyond the constants, another object or array), so trying one value per class decides
 * it exactly: {@code k in ["x","y"]} with {@code k != "x"} and {@code k != "y"} false, {@code a >= 5},
 * {@code a <= 5} and not {@code a == 5}, {@code a in []}. Each value is tested by the reference
 * interpreter, so the classes mean what the engine means. Any other test (regex, prefix, length,
 * {@code [*]}) leaves its argument assumed satisfiable: a path is only ever dropped when it is proven
 * impossible.
 */
final class PathFeasibility {

    private final List<Atom> atoms;
    private final ReferenceInterpreter oracle;

    PathFeasibility(List<Atom> atoms, ReferenceInterpreter oracle) {
        this.atoms = atoms;
        this.oracle = oracle;
    }

    /** {@code path}: literals {@code atom * 2 + value}. False only when no call satisfies them all. */
    boolean possible(List<Integer> path) {
        Map<List<PathSeg>, List<Integer>> byPath = new LinkedHashMap<>();
        List<String> globs = new ArrayList<>();
        for (int lit : path) {
            boolean possible = atoms.get(lit >> 1).accept(new Atom.Visitor<Boolean>() {
                public Boolean toolName(Atom.ToolName t) {
                    if ((lit & 1) == 1) {
                        globs.add(t.glob());
                        return true;
                    }
                    return !t.glob().chars().allMatch(ch -> ch == '*'); // no name fails to match "*"
                }

                public Boolean check(Atom.Check c) {
                    TestParts.Reads reads = TestParts.reads(c.operand());
                    if (reads.root() == Root.ARGS && !reads.length() && plainKeys(reads.path())) {
                        byPath.computeIfAbsent(reads.path(), k -> new ArrayList<>()).add(lit);
                    }
                    return true;
                }

                public Boolean schema(Atom.Schema t) {
                    return true; // assumed satisfiable, like every test the value classes do not cover
                }
            });
            if (!possible) {
                return false;
            }
        }
        for (Map.Entry<List<PathSeg>, List<Integer>> e : byPath.entrySet()) {
            if (!satisfiable(e.getKey(), e.getValue())) {
                return false;
            }
        }
        return namesCanMeet(globs);
    }

    /**
     * False when two globs a name must both match begin or end with fixed text that cannot be the
     * same name's ({@code a*} and {@code fs_*}; {@code *b} and {@code *c}). Other combinations are
     * assumed possible.
     */
    static boolean namesCanMeet(List<String> globs) {
        for (String g : globs) {
            for (String h : globs) {
                if (!compatible(head(g), head(h)) || !compatible(tail(g), tail(h))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Fixed text before the first wildcard, with '?' kept as a wildcard character. */
    private static String head(String glob) {
        int star = glob.indexOf('*');
        return star < 0 ? glob : glob.substring(0, star);
    }

    private static String tail(String glob) {
        int star = glob.lastIndexOf('*');
        return new StringBuilder(star < 0 ? glob : glob.substring(star + 1)).reverse().toString();
    }

    /** Whether one fixed start can begin where the other does: equal on their common length ('?' any). */
    private static boolean compatible(String a, String b) {
        for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
            if (a.charAt(i) != b.charAt(i) && a.charAt(i) != '?' && b.charAt(i) != '?') {
                return false;
            }
        }
        return true;
    }

    private boolean satisfiable(List<PathSeg> path, List<Integer> literals) {
        List<JsonNode> constants = new ArrayList<>();
        for (int lit : literals) {
            List<JsonNode> own = TestParts.classConstants(TestParts.check(atoms.get(lit >> 1)).test());
            if (own == null) {
                return true; // a test these classes do not cover: assume satisfiable
            }
            constants.addAll(own);
        }
        for (JsonNode candidate : candidates(constants)) {
            Call call = new Call("t", arguments(path, candidate), null, null, 0, null);
            boolean all = true;
            for (int lit : literals) {
                if (oracle.holds(atoms.get(lit >> 1), call) != ((lit & 1) == 1)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** One value per class; {@code null} stands for a missing argument. */
    static List<JsonNode> candidates(List<JsonNode> constants) {
        List<JsonNode> out = new ArrayList<>();
        out.add(null);
        out.add(Json.NODES.nullNode());
        out.add(Json.NODES.booleanNode(true));
        out.add(Json.NODES.booleanNode(false));
        out.add(Json.NODES.stringNode("\u0000another string"));
        out.add(Json.NODES.objectNode());
        out.add(Json.NODES.objectNode().put("\u0000", 0));
        out.add(Json.NODES.arrayNode());
        out.add(Json.NODES.arrayNode().add("\u0000"));
        out.addAll(constants);
        TreeSet<BigDecimal> numbers = new TreeSet<>();
        constants.stream().filter(JsonNode::isNumber).forEach(n -> numbers.add(n.decimalValue()));
        if (numbers.isEmpty()) {
            numbers.add(BigDecimal.ZERO);
        }
        List<BigDecimal> sorted = new ArrayList<>(numbers);
        out.add(Json.NODES.numberNode(sorted.get(0).subtract(BigDecimal.ONE)));
        out.add(Json.NODES.numberNode(sorted.get(sorted.size() - 1).add(BigDecimal.ONE)));
        for (int i = 0; i < sorted.size(); i++) {
            out.add(Json.NODES.numberNode(sorted.get(i)));
            if (i + 1 < sorted.size()) {
                out.add(Json.NODES.numberNode(sorted.get(i).add(sorted.get(i + 1)).divide(BigDecimal.valueOf(2))));
            }
        }
        return out;
    }

    private static boolean plainKeys(List<PathSeg> path) {
        return !path.isEmpty() && path.stream().allMatch(s -> s instanceof PathSeg.Key);
    }

    private static JsonNode arguments(List<PathSeg> path, JsonNode value) {
        ObjectNode root = Json.NODES.objectNode();
        if (value == null) {
            return root;
        }
        ObjectNode at = root;
        for (int i = 0; i < path.size() - 1; i++) {
            at = at.putObject(((PathSeg.Key) path.get(i)).name());
        }
        at.set(((PathSeg.Key) path.get(path.size() - 1)).name(), value);
        return root;
    }
}
