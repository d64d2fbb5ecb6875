package dev.mcppol.compiler.diff;

import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
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
     * @param tool       the tool, or null to choose a name the policies do not name (for the globs)
     * @param literals   the path: atom index * 2 + wanted value
     * @param namedTools names either policy names (a chosen name must avoid them)
     * @return a call meeting every literal, or null when none was found
     */
    Call build(String tool, List<Integer> literals, Set<String> namedTools) {
        Map<String, List<Integer>> byOperand = new LinkedHashMap<>();
        List<Integer> toolLits = new ArrayList<>();
        for (int lit : literals) {
            Atom a = atoms.get(lit >> 1);
            if (a instanceof Atom.ToolName) {
                toolLits.add(lit);
            } else if (a instanceof Atom.Check c) {
                byOperand.computeIfAbsent(c.operand().text(), k -> new ArrayList<>()).add(lit);
            }
        }
        String name = tool != null ? tool : toolName(toolLits, namedTools);
        if (name == null) {
            return null;
        }
        ObjectNode args = Json.NODES.objectNode();
        ObjectNode claims = Json.NODES.objectNode();
        boolean readsClaims = false;
        String session = null;
        String identity = null;
        for (List<Integer> lits : byOperand.values()) {
            Operand operand = ((Atom.Check) atoms.get(lits.get(0) >> 1)).operand();
            JsonNode chosen = null;
            for (JsonNode candidate : candidates(operand, lits)) {
                if (satisfies(name, operand, candidate, lits)) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                return null;
            }
            if (operand instanceof Operand.Session) {
                session = chosen.isMissingNode() ? null : chosen.stringValue();
            } else if (operand instanceof Operand.Identity) {
                identity = chosen.isMissingNode() ? null : chosen.stringValue();
            } else if (operand instanceof Operand.Claim) {
                readsClaims = true;
                if (!chosen.isMissingNode() && !place(claims, pathOf(operand), chosen)) {
                    return null;
                }
            } else if (!chosen.isMissingNode() && !place(args, pathOf(operand), chosen)) {
                return null;
            }
        }
        // A policy that reads claims gets a witness with claims (possibly none of them set).
        return new Call(name, args, session, identity, 0, null, readsClaims ? claims : null);
    }

    private boolean satisfies(String tool, Operand operand, JsonNode candidate, List<Integer> lits) {
        ObjectNode args = Json.NODES.objectNode();
        ObjectNode claims = Json.NODES.objectNode();
        String session = null;
        String identity = null;
        if (operand instanceof Operand.Session) {
            if (!candidate.isMissingNode() && !candidate.isString()) {
                return false;
            }
            session = candidate.isMissingNode() ? null : candidate.stringValue();
        } else if (operand instanceof Operand.Identity) {
            if (!candidate.isMissingNode() && !candidate.isString()) {
                return false;
            }
            identity = candidate.isMissingNode() ? null : candidate.stringValue();
        } else if (operand instanceof Operand.Claim) {
            if (!candidate.isMissingNode() && !place(claims, pathOf(operand), candidate)) {
                return false;
            }
        } else if (!candidate.isMissingNode() && !place(args, pathOf(operand), candidate)) {
            return false;
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
        for (int lit : lits) {
            String glob = ((Atom.ToolName) atoms.get(lit >> 1)).glob();
            candidates.add(glob.replace("*", "x").replace("?", "x"));
            candidates.add(glob.replace("*", "").replace("?", "q"));
        }
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

    private List<JsonNode> candidates(Operand operand, List<Integer> lits) {
        Set<JsonNode> out = new LinkedHashSet<>();
        out.add(ABSENT);
        boolean len = operand instanceof Operand.Len || (operand instanceof Operand.Claim c && c.length());
        List<JsonNode> seeds = new ArrayList<>();
        ArrayNode everyElement = Json.NODES.arrayNode();
        for (int lit : lits) {
            ValueTest t = ((Atom.Check) atoms.get(lit >> 1)).test();
            seeds.addAll(seeds(t, lits));
            if (t instanceof ValueTest.Contains c && (lit & 1) == 1) {
                everyElement.add(c.value());
            }
        }
        if (everyElement.size() > 1) {
            seeds.add(everyElement); // a list that must contain several values (groups: [analysts, admins])
        }
        if (operand instanceof Operand.Claim) {
            // Claims that hold lists (groups, roles) are lists in real tokens: try those first.
            List<JsonNode> lists = new ArrayList<>(seeds.stream().filter(JsonNode::isArray).toList());
            seeds.removeIf(JsonNode::isArray);
            lists.addAll(seeds);
            seeds = lists;
        }
        if (len) {
            for (JsonNode s : seeds) {
                if (s.isIntegralNumber() && s.canConvertToInt() && s.intValue() >= 0 && s.intValue() < 10_000) {
                    out.add(Json.NODES.stringNode("x".repeat(s.intValue())));
                }
            }
            return new ArrayList<>(out);
        }
        out.addAll(seeds);
        out.add(Json.NODES.nullNode());
        out.add(Json.NODES.stringNode("x"));
        out.add(Json.NODES.numberNode(0));
        out.add(Json.NODES.booleanNode(true));
        out.add(Json.NODES.booleanNode(false));
        out.add(Json.NODES.arrayNode());
        out.add(Json.NODES.objectNode());
        return new ArrayList<>(out);
    }

    private List<JsonNode> seeds(ValueTest t, List<Integer> lits) {
        List<JsonNode> out = new ArrayList<>();
        if (t instanceof ValueTest.Cmp c) {
            out.add(c.value());
            if (c.value().isNumber()) {
                BigDecimal v = c.value().decimalValue();
                for (String d : new String[] {"1", "-1", "0.5", "-0.5"}) {
                    out.add(Json.NODES.numberNode(v.add(new BigDecimal(d))));
                }
            } else if (c.value().isString()) {
                out.add(Json.NODES.stringNode(c.value().stringValue() + "x"));
            }
        } else if (t instanceof ValueTest.In in) {
            out.addAll(in.values());
        } else if (t instanceof ValueTest.Matches m) {
            for (String s : RegexSamples.of(m.regex())) {
                out.add(Json.NODES.stringNode(s));
            }
        } else if (t instanceof ValueTest.Prefix p) {
            out.add(Json.NODES.stringNode(p.prefix()));
            out.add(Json.NODES.stringNode(p.prefix() + "x"));
            // A value that must also end (or not end) a certain way: combine with the suffixes.
            for (int lit : lits) {
                if (atoms.get(lit >> 1) instanceof Atom.Check c && c.test() instanceof ValueTest.Suffix s) {
                    out.add(Json.NODES.stringNode(p.prefix() + "x" + s.suffix()));
                }
            }
        } else if (t instanceof ValueTest.Under u) {
            String base = u.base().equals("/") ? "" : u.base();
            out.add(Json.NODES.stringNode(base + "/w"));
            out.add(Json.NODES.stringNode(base + "/w/../../outside-w"));
            out.add(Json.NODES.stringNode(base + "w"));
        } else if (t instanceof ValueTest.Suffix s) {
            out.add(Json.NODES.stringNode(s.suffix()));
            out.add(Json.NODES.stringNode("x" + s.suffix()));
        } else if (t instanceof ValueTest.Contains c) {
            if (c.value().isString()) {
                out.add(Json.NODES.stringNode("x" + c.value().stringValue() + "x"));
            }
            ArrayNode arr = Json.NODES.arrayNode();
            arr.add(c.value());
            out.add(arr);
        }
        return out;
    }

    private static List<PathSeg> pathOf(Operand o) {
        if (o instanceof Operand.Claim c) {
            return c.path();
        }
        return o instanceof Operand.Arg a ? a.path() : ((Operand.Len) o).path();
    }

    /** Puts a value at a path, creating objects and one-element arrays; false on a conflict. */
    private static boolean place(ObjectNode root, List<PathSeg> path, JsonNode value) {
        JsonNode cur = root;
        for (int i = 0; i < path.size(); i++) {
            PathSeg seg = path.get(i);
            boolean last = i == path.size() - 1;
            JsonNode next = last ? value : path.get(i + 1) instanceof PathSeg.Key ? Json.NODES.objectNode()
                    : Json.NODES.arrayNode();
            if (seg instanceof PathSeg.Key k) {
                if (!(cur instanceof ObjectNode o)) {
                    return false;
                }
                JsonNode existing = o.get(k.name());
                if (existing == null) {
                    o.set(k.name(), next);
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
                int index = seg instanceof PathSeg.Index ix ? ix.index() : 0;
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
