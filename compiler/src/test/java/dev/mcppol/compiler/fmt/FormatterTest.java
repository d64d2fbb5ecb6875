package dev.mcppol.compiler.fmt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FormatterTest {

    private static String fmt(String text) {
        Diagnostics d = new Diagnostics();
        String out = Formatter.format("p.mcppol", text, d);
        assertThat(d.all()).isEmpty();
        return out;
    }

    @Test
    void messyFileGetsTheCanonicalLayout() throws Exception {
        String in = Files.readString(Path.of("src/test/resources/check/fmt-input.mcppol"));
        String expected = Files.readString(Path.of("src/test/resources/check/fmt-expected.mcppol"));
        assertThat(fmt(in)).isEqualTo(expected);
        assertThat(fmt(expected)).isEqualTo(expected);
    }

    @Test
    void theShippedExampleFormatsIdempotentlyKeepingEveryComment() throws Exception {
        String in = Files.readString(Path.of("../examples/jupyter/policy.mcppol"));
        String once = fmt(in);
        assertThat(fmt(once)).isEqualTo(once);
        assertThat(once.lines().filter(l -> l.contains("#")).count())
                .isEqualTo(in.lines().filter(l -> l.contains("#")).count());
        // Only whitespace moves: the example differs at most in the alignment of its trailing comments.
        assertThat(once.replaceAll(" +", " ")).isEqualTo(in.replaceAll(" +", " "));
    }

    @Test
    void theShippedExamplesAreInCanonicalLayout() throws Exception {
        for (String example : new String[] {"jupyter/policy.mcppol", "everything/policy.mcppol"}) {
            String in = Files.readString(Path.of("../examples", example));
            assertThat(fmt(in)).as(example).isEqualTo(in);
        }
    }

    @Test
    void aHideListBrokenAfterCommasKeepsItsLines() {
        String in = "hide a,\n     b, c\n";
        assertThat(fmt(in)).isEqualTo("hide a,\n    b, c\n");
        assertThat(fmt(fmt(in))).isEqualTo(fmt(in));
    }

    @Test
    void blocksExpandOneLinersStayAndCommentsAlign() {
        assertThat(fmt("tool t { require a allow }\ntool u {allow}\n")).isEqualTo(
                "tool t {\n  require a\n  allow\n}\ntool u { allow }\n");
        assertThat(fmt("limit a = 1 per 1m # one\nlimit bbbb = 2 per 1m # two\n\n\n\nhide x # three\n")).isEqualTo(
                "limit a = 1 per 1m     # one\nlimit bbbb = 2 per 1m  # two\n\nhide x  # three\n");
        assertThat(fmt("tool t {\n\n  allow\n\n}")).isEqualTo("tool t {\n  allow\n}\n");
        assertThat(fmt("tool t\n{\n allow when len( a ) > - 1 and b [ 0 ] == [ ]\n}\n")).isEqualTo(
                "tool t {\n  allow when len(a) > -1 and b[0] == []\n}\n");
    }

    @Test
    void aFileWithSyntaxErrorsIsNotFormatted() {
        Diagnostics d = new Diagnostics();
        assertThat(Formatter.format("p.mcppol", "tool t { allow when }\n", d)).isNull();
        assertThat(d.hasErrors()).isTrue();
        assertThat(d.all().get(0).code()).isEqualTo("E001");
    }
}
