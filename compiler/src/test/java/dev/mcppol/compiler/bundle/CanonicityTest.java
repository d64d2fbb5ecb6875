package dev.mcppol.compiler.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.semantics.Harness;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.Admission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Compiled bundle": per tool a reduced ordered diagram, canonical for the atom order, so
 * rule order and duplication do not change it once rule provenance is stripped.
 */
class CanonicityTest {

    private static final List<String> RULES = List.of(
            "tool t { deny when path startsWith \"/etc/\" }",
            "tool t { allow when path startsWith \"/workspace/\" }",
            "tool t { ask when size > 1000 }",
            "tool t { allow when user == \"root\" and size <= 10 }",
            "tool t { deny when not (mode in [\"r\", \"w\"]) }",
            "tool t* { deny when size > 5000 }",
            "tool u { allow when tags contains \"x\" or path matches /tmp/ }",
            "tool u { deny when len(tags) > 3 }",
            "tool * { ask when secret exists }",
            "tool t { limit 3 per 1m }");

    /**
     * A diagram as a tree of atom keys and stripped leaves (outcome and limit parameters), reduced
     * again once provenance is gone: a test whose two branches strip to the same tree is dropped.
     * Since decisions name the first deciding rule in source order, the stored diagram may test an
     * atom only to tell two rules apart; the stripped, reduced tree must not depend on rule order.
     */
    static String shape(Bundle b, int ref, Diagram d) {
        if (ref < 0) {
            Leaf leaf = b.leaves().get(Diagram.leafOf(ref));
            String limits = leaf.limits().stream().map(i -> b.limits().get(i))
                    .map(l -> (l.shared() ? l.name() + "=" : "") + l.text()).sorted().collect(Collectors.joining(","));
            return leaf.outcome().word() + (limits.isEmpty() ? "" : "[" + limits + "]");
        }
        String high = shape(b, d.high()[ref], d);
        String low = shape(b, d.low()[ref], d);
        return high.equals(low) ? high : "(" + b.atoms().get(d.atom()[ref]).key() + " ? " + high + " : " + low + ")";
    }

    static Map<String, String> shapes(Bundle b) {
        Map<String, String> out = new TreeMap<>();
        b.tools().forEach((tool, d) -> out.put(tool, shape(b, d.root(), d)));
        out.put("<fallback>", shape(b, b.fallback().root(), b.fallback()));
        return out;
    }

    static Bundle compile(List<String> rules) {
        return Harness.of("default deny\n" + String.join("\n", rules) + "\n").bundle;
    }

    /**
     * The stripped decision (outcome and the parameters of the limits consumed) of every probe call.
     * Decisions name the first deciding rule in source order, so a shuffled policy may keep a test
     * only to tell two rules apart, and the compiler prunes paths its atom relations rule out: the
     * stored diagrams of two orders can differ in shape, their meaning must not.
     */
    static List<String> meaning(Bundle b) {
        List<String> limitsSeen = new ArrayList<>();
        Engine e = new Engine(b, (requests, now) -> {
            requests.forEach(r -> limitsSeen.add(r.spec().text()));
            return Admission.ADMITTED;
        });
        List<String> out = new ArrayList<>();
        for (String tool : List.of("t", "tx", "u", "other")) {
            for (String path : List.of("", "\"path\":\"/etc/x\",", "\"path\":\"/workspace/tmp\",")) {
                for (String size : List.of("", "\"size\":5,", "\"size\":500,", "\"size\":2000,", "\"size\":6000,")) {
                    for (String rest : List.of("\"user\":\"root\",\"mode\":\"r\"", "\"mode\":\"x\",\"secret\":1",
                            "\"tags\":[\"x\"],\"mode\":\"w\"", "\"tags\":[1,2,3,4],\"user\":\"root\"")) {
                        limitsSeen.clear();
                        String args = "{" + path + size + rest + "}";
                        Decision d = e.decide(new Call(tool, Harness.json(args), "s", "i", 0, null));
                        out.add(tool + " " + args + " -> " + d.outcome() + " " + limitsSeen);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void shufflingTheRulesKeepsTheMeaningOfEveryDiagram() {
        List<String> expected = meaning(compile(RULES));
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<String> shuffled = new ArrayList<>(RULES);
            Collections.shuffle(shuffled, random);
            assertThat(meaning(compile(shuffled))).isEqualTo(expected);
        }
    }

    @Test
    void shufflingRulesOfDifferentEffectsGivesTheSameDiagrams() {
        List<String> rules = List.of("tool t { deny when path startsWith \"/etc/\" }",
                "tool t { allow when path startsWith \"/workspace/\" }", "tool t { ask when size > 1000 }",
                "tool u { deny when len(tags) > 3 }", "tool * { ask when secret exists }");
        Map<String, String> expected = shapes(compile(rules));
        List<String> reversed = new ArrayList<>(rules);
        Collections.reverse(reversed);
        assertThat(shapes(compile(reversed))).isEqualTo(expected);
    }

    @Test
    void duplicatingARuleGivesTheSameDiagrams() {
        Bundle original = compile(RULES);
        for (int i = 0; i < RULES.size(); i++) {
            if (RULES.get(i).contains("{ limit")) {
                continue; // a second anonymous limit statement is a second counter, not a duplicated rule
            }
            List<String> dup = new ArrayList<>(RULES);
            dup.add(RULES.get(i));
            Bundle b = compile(dup);
            // the duplicate comes last, so it never decides: even the provenance stays the same
            assertThat(b.tools()).as("duplicating " + RULES.get(i)).isEqualTo(original.tools());
            assertThat(b.fallback()).isEqualTo(original.fallback());
            assertThat(leavesById(b)).isEqualTo(leavesById(original));
        }
    }

    /** Leaves with the rules that brought each limit named by id (tool-level limits follow the rules). */
    private static List<String> leavesById(Bundle b) {
        return b.leaves().stream().map(l -> l.outcome() + " " + l.rules() + " " + l.limits() + " "
                + l.limitRules().stream().map(rs -> rs.stream().map(i -> b.rules().get(i).id()).toList()).toList())
                .toList();
    }

    @Test
    void theSameRulesWrittenInOneBlockOrManyGiveTheSameDiagrams() {
        Bundle many = compile(List.of("tool t { allow when a == 1 }", "tool t { deny when b == 2 }"));
        Bundle one = compile(List.of("tool t {\n allow when a == 1\n deny when b == 2\n}"));
        assertThat(shapes(one)).isEqualTo(shapes(many));
    }

    @Test
    void equivalentConditionsGiveTheSameDiagram() {
        Bundle a = compile(List.of("tool t { allow when x == 1 and y == 2 }"));
        Bundle b = compile(List.of("tool t { allow when not (not (y == 2)) and (x == 1.0) }"));
        assertThat(shapes(b)).isEqualTo(shapes(a));
        Bundle c = compile(List.of("tool t { allow when x == 1 }", "tool t { allow when y == 2 and x == 1 }"));
        // the second rule is subsumed, but it is provenance: diagrams differ only where it matches
        assertThat(c.tools().get("t").size()).isGreaterThanOrEqualTo(a.tools().get("t").size() - 1);
    }

    @Test
    void aTautologyNeedsNoNode() {
        Bundle b = compile(List.of("tool t { allow when x == 1 or not (x == 1) }"));
        assertThat(b.tools().get("t").size()).isZero();
        assertThat(shapes(b).get("t")).isEqualTo("allow");
    }

    @Test
    void aContradictionNeedsNoNode() {
        Bundle b = compile(List.of("tool t { allow when x == 1 and not (x == 1) }"));
        assertThat(shapes(b).get("t")).isEqualTo("deny");
        assertThat(b.tools().get("t").size()).isZero();
    }

    @Test
    void everyNodeIsReachableAndHasDistinctChildren() {
        Bundle b = compile(RULES);
        for (Diagram d : b.tools().values()) {
            boolean[] seen = new boolean[d.size()];
            mark(d, d.root(), seen);
            for (int i = 0; i < d.size(); i++) {
                assertThat(seen[i]).as("node " + i + " reachable").isTrue();
                assertThat(d.low()[i]).isNotEqualTo(d.high()[i]);
            }
        }
    }

    @Test
    void noTwoNodesAreMergeable() {
        Bundle b = compile(RULES);
        for (Diagram d : b.tools().values()) {
            java.util.Set<String> triples = new java.util.HashSet<>();
            for (int i = 0; i < d.size(); i++) {
                assertThat(triples.add(d.atom()[i] + "/" + d.low()[i] + "/" + d.high()[i])).isTrue();
            }
        }
    }

    @Test
    void atomsAlongEveryPathFollowTheOrder() {
        Bundle b = compile(RULES);
        for (Diagram d : b.tools().values()) {
            for (int i = 0; i < d.size(); i++) {
                for (int child : new int[] {d.low()[i], d.high()[i]}) {
                    if (child >= 0) {
                        assertThat(d.atom()[child]).isGreaterThan(d.atom()[i]);
                    }
                }
            }
        }
    }

    private static void mark(Diagram d, int ref, boolean[] seen) {
        if (ref < 0 || seen[ref]) {
            return;
        }
        seen[ref] = true;
        mark(d, d.low()[ref], seen);
        mark(d, d.high()[ref], seen);
    }

    @Property(tries = 15)
    void anyOrderOfAnySubsetMeansTheSameAsItsSortedForm(@ForAll @LongRange(min = 0) long seed) {
        Random random = new Random(seed);
        List<String> subset = new ArrayList<>();
        for (String r : RULES) {
            if (random.nextBoolean()) {
                subset.add(r);
            }
        }
        List<String> sorted = new ArrayList<>(subset);
        Collections.sort(sorted);
        List<String> shuffled = new ArrayList<>(subset);
        Collections.shuffle(shuffled, random);
        if (!subset.isEmpty() && random.nextBoolean()) {
            String again = subset.get(random.nextInt(subset.size()));
            if (!again.contains("{ limit")) {
                shuffled.add(again);
            }
        }
        assertThat(meaning(compile(shuffled))).isEqualTo(meaning(compile(sorted)));
    }
}
