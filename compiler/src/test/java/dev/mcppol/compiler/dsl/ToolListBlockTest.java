package dev.mcppol.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.fmt.Formatter;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import org.junit.jupiter.api.Test;

/** {@code tool a, b { … }}: one block, the same rules for each name (as {@code hide a, b} lists names). */
class ToolListBlockTest {

    static Policy parse(String text, Diagnostics d) {
        return DslFrontEnd.parse("p.mcppol", text, d);
    }

    @Test
    void everyNamedToolGetsTheBlocksRules() {
        Diagnostics d = new Diagnostics();
        Policy p = parse("limit reads = 5 per 1m\ntool read_file, read_text_file,\n     \"fs.read\" {\n"
                + "  deny as no_etc when path startsWith \"/etc/\"\n  allow limit reads\n}\n", d);
        assertThat(d.all()).isEmpty();
        assertThat(p.rules()).extracting(Rule::target).containsExactly("read_file", "read_file", "read_text_file",
                "read_text_file", "fs.read", "fs.read");
        assertThat(p.rules()).extracting(Rule::id).filteredOn(id -> id.equals("no_etc")).hasSize(3);
        assertThat(p.rules().get(2).targetSpan().line()).isEqualTo(2);
        assertThat(p.rules().get(4).targetSpan().line()).isEqualTo(3);
    }

    @Test
    void aMistakeInsideTheBlockIsReportedOnce() {
        Diagnostics d = new Diagnostics();
        parse("tool a, b, c {\n  allow limit nope\n  deny as x\n  deny as x\n}\n", d);
        assertThat(d.all()).extracting(x -> x.code() + "@" + x.span().line()).containsExactlyInAnyOrder("E005@4", "E003@2");
    }

    @Test
    void anInvalidNameInTheListIsReported() {
        Diagnostics d = new Diagnostics();
        parse("tool a, \"odd name\" { allow }\n", d);
        assertThat(d.all()).extracting(x -> x.code()).containsExactly("E014");
    }

    @Test
    void fmtKeepsTheList() {
        Diagnostics d = new Diagnostics();
        String out = Formatter.format("p.mcppol", "tool a ,b   { allow }\n", d);
        assertThat(d.all()).isEmpty();
        assertThat(out).isEqualTo("tool a, b { allow }\n");
    }
}
