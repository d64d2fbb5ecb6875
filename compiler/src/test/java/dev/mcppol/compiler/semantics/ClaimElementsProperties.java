package dev.mcppol.compiler.semantics;

import dev.mcppol.runtime.engine.Call;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Tests of every element of a claim ({@code claims.groups[*]}) combined with each other and with
 * tests of the whole claim: the engine decides as the reference interpreter does. Such tests read
 * many values, so two of them can hold at once where tests of one value exclude each other (the
 * diagram once dropped the second test of {@code claims.groups[*] == "a" and claims.groups[*] == "b"}).
 * The general engine-vs-reference generator draws claim paths without {@code [*]}; this one draws
 * nothing else.
 */
class ClaimElementsProperties {
    private static final List<String> TESTS = List.of(
            "claims.groups[*] == \"a\"", "claims.groups[*] == \"b\"", "claims.groups[*] != \"a\"",
            "claims.groups[*] in [\"a\", \"ab\"]", "claims.groups[*] startsWith \"a\"",
            "claims.groups[*] endsWith \"b\"", "claims.groups contains \"b\"", "len(claims.groups) > 1",
            "claims.groups[*] exists");

    @Property(tries = 300)
    void claimElementTestsDecideAsTheReference(@ForAll("policies") String policy, @ForAll("groups") List<List<String>> calls) {
        Harness h = Harness.of(policy);
        long t = 0;
        for (List<String> groups : calls) {
            StringBuilder g = new StringBuilder("{\"groups\":[");
            for (int i = 0; i < groups.size(); i++) {
                g.append(i == 0 ? "" : ",").append('"').append(groups.get(i)).append('"');
            }
            g.append("]}");
            for (String tool : List.of("t", "u")) {
                // the harness fails on any difference between engine and reference
                h.decide(new Call(tool, Harness.json("{}"), "s1", "u", t++, null, Harness.json(g.toString())));
            }
        }
    }

    @Provide
    Arbitrary<String> policies() {
        Arbitrary<String> test = Arbitraries.of(TESTS);
        Arbitrary<String> negated = Combinators.combine(test, Arbitraries.of("", "not ")).as((x, n) -> n + x);
        Arbitrary<String> condition = Combinators.combine(negated, Arbitraries.of(" and ", " or "), negated,
                Arbitraries.of(" and ", " or "), negated).as((a, o1, b, o2, c) -> a + o1 + b + o2 + c);
        Arbitrary<String> rule = Combinators.combine(Arbitraries.of("allow", "deny"), condition)
                .as((effect, when) -> effect + " when " + when);
        return Combinators.combine(rule, rule, condition).as((r1, r2, c) -> """
                policy claim_elements
                default deny
                tool t { %s
                         %s
                         allow when claims.groups exists }
                tool u { deny when %s
                         allow }
                """.formatted(r1, r2, c));
    }

    @Provide
    Arbitrary<List<List<String>>> groups() {
        return Arbitraries.of("a", "ab", "b").list().ofMaxSize(3).list().ofMinSize(1).ofMaxSize(6);
    }
}
