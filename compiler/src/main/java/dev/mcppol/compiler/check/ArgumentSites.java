package dev.mcppol.compiler.check;

import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Every place a rule looks at an argument, with where the path leads in each tool the rule covers
 * (one tool for an exact name, every matching tool for a glob). The schema checks share this walk.
 */
final class ArgumentSites {
    private ArgumentSites() {
    }

    /**
     * @param resolutions tool name to where the path leads in its inputSchema (never empty)
     * @param roots       tool name to its inputSchema
     */
    record Site(Rule rule, Condition.AtomCond atom, Atom.Check check, boolean negated, List<PathSeg> path,
                Map<String, SchemaPath.Resolution> resolutions, Map<String, JsonNode> roots) {

        /** The path is unknown in every tool the rule covers. */
        boolean missingEverywhere() {
            return resolutions.values().stream().allMatch(r -> r instanceof SchemaPath.Missing);
        }

        SchemaPath.Missing firstMissing() {
            return (SchemaPath.Missing) resolutions.values().iterator().next();
        }

        String pathText() {
            return dev.mcppol.runtime.model.Texts.path(path);
        }

        /** "tool get-sum" or "the 3 tools matching 'get-*'". */
        String where() {
            return roots.size() == 1 && rule.target().equals(roots.keySet().iterator().next())
                    ? "tool '" + rule.target() + "'" : "the tools matching '" + rule.target() + "'";
        }
    }

    /**
     * @param requires true for the {@code require} rules only, false for every other rule (a
     *                 {@code require} is its own check, so a bad one is not reported twice)
     */
    static void each(Policy policy, Map<String, JsonNode> schemas, boolean requires, Consumer<Site> visit) {
        if (schemas.isEmpty()) {
            return;
        }
        for (Rule r : policy.rules()) {
            if ((r.kind() == RuleKind.REQUIRE) != requires) {
                continue;
            }
            Map<String, JsonNode> roots = SchemaPath.covered(r.target(), schemas);
            if (roots.isEmpty()) {
                continue;
            }
            Conditions.eachAtom(r.when(), (a, negated) -> {
                if (!(a.atom() instanceof Atom.Check c)) {
                    return;
                }
                List<PathSeg> path = Operand.argumentPath(c.operand());
                if (path == null || path.isEmpty()) {
                    return;
                }
                Map<String, SchemaPath.Resolution> res = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : roots.entrySet()) {
                    res.put(e.getKey(), SchemaPath.resolve(e.getValue(), path));
                }
                visit.accept(new Site(r, a, c, negated, path, res, roots));
            });
        }
    }
}
