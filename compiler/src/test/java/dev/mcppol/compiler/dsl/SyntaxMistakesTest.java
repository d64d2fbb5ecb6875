package dev.mcppol.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus of typical mistakes ({@code src/test/resources/syntax/mistakes.txt}): each gives
 * exactly the errors written under it — in the language's words, one per mistake, at its position.
 * To add a case, append a block to the file; the message shown there is the contract.
 */
class SyntaxMistakesTest {

    static final Path CORPUS = Path.of("src/test/resources/syntax/mistakes.txt");

    record Case(String title, String text, List<String> expected) {
    }

    static List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        String title = null;
        StringBuilder text = null;
        List<String> expected = null;
        for (String line : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
            if (line.startsWith("=== ")) {
                if (title != null) {
                    cases.add(new Case(title, text.toString(), expected));
                }
                title = line.substring(4);
                text = new StringBuilder();
                expected = null;
            } else if (title == null) {
                continue;
            } else if (line.equals("---") && expected == null) {
                expected = new ArrayList<>();
            } else if (expected == null) {
                text.append(line).append('\n');
            } else if (!line.isBlank()) {
                expected.add(line);
            }
        }
        if (title != null) {
            cases.add(new Case(title, text.toString(), expected));
        }
        return cases;
    }

    static List<String> actual(String text) {
        Diagnostics d = new Diagnostics();
        DslFrontEnd.parse("p.mcppol", text, d);
        List<String> out = new ArrayList<>();
        for (Diagnostic x : d.sorted()) {
            out.add(x.span().line() + ":" + x.span().col() + ": " + x.code() + ": " + x.message()
                    + (x.help() != null ? " | " + x.help() : ""));
        }
        return out;
    }

    @Test
    void theCorpusHoldsAtLeastThirtyMistakes() throws Exception {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(cases()).allSatisfy(c -> assertThat(c.expected()).as(c.title()).isNotNull().isNotEmpty());
    }

    @TestFactory
    Stream<DynamicTest> eachMistakeGivesExactlyItsErrors() throws Exception {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.title(), () ->
                assertThat(actual(c.text())).as(c.title() + "\n" + c.text()).containsExactlyElementsOf(c.expected())));
    }

    @Test
    void noMessageNamesAnAntlrToken() throws Exception {
        // NAME and DURATION are also the placeholders of the language's own notation (limit NAME = N per DURATION).
        List<String> tokenNames = new ArrayList<>();
        for (int t = 1; t <= dev.mcppol.grammar.McpPolLexer.VOCABULARY.getMaxTokenType(); t++) {
            String n = dev.mcppol.grammar.McpPolLexer.VOCABULARY.getSymbolicName(t);
            if (n != null && !n.equals("NAME") && !n.equals("DURATION")) {
                tokenNames.add(n);
            }
        }
        for (Case c : cases()) {
            for (String line : actual(c.text())) {
                for (String n : tokenNames) {
                    assertThat(line).as(c.title()).doesNotContainPattern("\\b" + n + "\\b");
                }
                assertThat(line).as(c.title()).doesNotContain("<EOF>").doesNotContain("viable").doesNotContain("expecting");
            }
        }
    }
}
