package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How DocsIT reads a page's examples and compares their output. */
class DocExamplesTest {

    @Test
    void commandsOutputsDirectivesAndTemplates(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("p.md");
        Files.writeString(page, String.join("\n",
                "text", "```sh", "$ echo a \\", "  b", "a b", "", "$ true", "```",
                "```", "mcppol proxy --bundle B -- CMD", "```",
                "<!-- doctest: skip needs a GPU -->", "```sh", "$ nvidia-smi", "```",
                "<!-- doctest: unordered -->", "```", "$ x", "2", "1", "```", ""));
        List<DocExamples.Example> ex = DocExamples.read(page);
        assertThat(ex).extracting(DocExamples.Example::command).containsExactly("echo a \\\n  b", "true", "nvidia-smi", "x");
        assertThat(ex.get(0).expected()).containsExactly("a b");
        assertThat(ex.get(0).line()).isEqualTo(3);
        assertThat(ex.get(1).expected()).isEmpty();
        assertThat(ex.get(2).mode()).isEqualTo(DocExamples.Mode.SKIP);
        assertThat(ex.get(2).skipReason()).isEqualTo("needs a GPU");
        assertThat(ex.get(3).mode()).isEqualTo(DocExamples.Mode.UNORDERED);
    }

    @Test
    void ellipsisStandsForAnyTextOrAnyLines() {
        var o = DocExamples.Mode.ORDERED;
        assertThat(DocExamples.matches(List.of("wrote x (sha256 …, 7 tools)"), List.of("wrote x (sha256 ab12, 7 tools)"), o)).isTrue();
        assertThat(DocExamples.matches(List.of("a", "…", "z"), List.of("a", "b", "c", "z"), o)).isTrue();
        assertThat(DocExamples.matches(List.of("a", "…", "z"), List.of("a", "z"), o)).isTrue();
        assertThat(DocExamples.matches(List.of("a", "z"), List.of("a", "b", "z"), o)).isFalse();
        assertThat(DocExamples.matches(List.of("a"), List.of("a", "extra"), o)).isFalse();
        assertThat(DocExamples.matches(List.of("a.b"), List.of("axb"), o)).as("text is literal").isFalse();
        var u = DocExamples.Mode.UNORDERED;
        assertThat(DocExamples.matches(List.of("1", "2"), List.of("2", "1"), u)).isTrue();
        assertThat(DocExamples.matches(List.of("1", "2"), List.of("2", "1", "3"), u)).isFalse();
        assertThat(DocExamples.matches(List.of("1", "…"), List.of("2", "1", "3"), u)).isTrue();
    }
}
