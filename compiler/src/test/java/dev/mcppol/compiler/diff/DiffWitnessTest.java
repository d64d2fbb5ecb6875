package dev.mcppol.compiler.diff;

import static dev.mcppol.compiler.diff.SemanticDiffTest.diff;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.JsonValues;
import org.junit.jupiter.api.Test;

/** Differences with an easy witness: diff must find it, not answer "may have changed". */
class DiffWitnessTest {

    private static ToolDiff only(DiffReport r) {
        assertThat(r.tools()).as(DiffPrinter.render(r)).hasSize(1);
        ToolDiff d = r.tools().get(0);
        assertThat(d.kind()).as(DiffPrinter.render(r)).isEqualTo(ToolDiff.Kind.OUTCOME);
        return d;
    }

    @Test
    void anEmptyListHasLengthZeroButIsNotTheEmptyString() {
        ToolDiff d = only(diff("tool t { deny when len(s) == 0\n allow }", "tool t { deny when s == \"\"\n allow }"));
        assertThat(JsonValues.canonical(d.witness().arguments())).isEqualTo("{\"s\": []}");
    }

    @Test
    void twoElementTestsOnOneListAreMetByAListHoldingBoth() {
        ToolDiff d = only(diff("tool t { deny when tags[*] == \"a\" and tags[*] == \"b\"\n allow }", "tool t { allow }"));
        assertThat(JsonValues.canonical(d.witness().arguments())).isEqualTo("{\"tags\": [\"a\", \"b\"]}");
    }

    @Test
    void elementTestsInsideListsOfMappings() {
        ToolDiff d = only(diff("tool t { deny when users[*].role == \"a\" and users[*].role == \"b\"\n allow }",
                "tool t { allow }"));
        assertThat(JsonValues.canonical(d.witness().arguments()))
                .isEqualTo("{\"users\": [{\"role\": \"a\"}, {\"role\": \"b\"}]}");
    }

    @Test
    void aRawPrefixAgainstContainmentWithASuffixToo() {
        ToolDiff d = only(diff("tool t { allow when path under \"/w\" and path endsWith \".md\" }",
                "tool t { allow when path startsWith \"/w/\" and path endsWith \".md\" }"));
        assertThat(d.witness().arguments().get("path").stringValue()).isEqualTo("/w/w/../../outside-w.md");
    }

    @Test
    void overlappingGlobsMeetInAToolNamedByBoth() {
        // Only a tool both globs match is decided differently: a*-only tools are denied either way,
        // *b-only tools allowed either way.
        DiffReport r = diff("tool a* { deny when n == 1 }\ntool *b { allow }", "tool a* { deny when n == 2 }\ntool *b { allow }");
        ToolDiff d = only(r);
        assertThat(d.tool()).isEqualTo("(any other tool)");
        assertThat(d.witness().tool()).isEqualTo("ab");
    }

    @Test
    void explainNamesTheRegexesThatKeptADifferenceUnproven() {
        DiffReport r = diff("tool t { deny when c matches /^(a|b)$/ and n == 1\n allow }",
                "tool t { deny when c matches /^[ab]$/ and n == 1\n allow }");
        ToolDiff d = r.tools().get(0);
        assertThat(d.kind()).isEqualTo(ToolDiff.Kind.UNKNOWN);
        assertThat(d.unproven()).isNotEmpty().allSatisfy(u -> {
            assertThat(u.kind()).isEqualTo(Unproven.Kind.REGEX);
            assertThat(u.tests()).noneMatch(t -> t.contains("n =="));
        });
        assertThat(d.unproven()).extracting(Unproven::tests).contains(
                java.util.List.of("c matches /^(a|b)$/", "not c matches /^[ab]$/"));
        String text = DiffPrinter.render(r, true);
        assertThat(text).contains("unproven because of:",
                "c matches /^(a|b)$/, not c matches /^[ab]$/ — regex inclusion");
        assertThat(DiffPrinter.render(r)).doesNotContain("unproven because of");
    }
}
