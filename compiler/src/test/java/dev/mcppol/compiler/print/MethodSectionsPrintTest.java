package dev.mcppol.compiler.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import org.junit.jupiter.api.Test;

/** The printer writes every section back in the language, and the front end reads it to the same sections. */
class MethodSectionsPrintTest {

    @Test
    void sectionsRoundTrip() {
        Diagnostics d = new Diagnostics();
        Policy p = DslFrontEnd.parse("p.mcppol", """
                default allow
                default resources deny
                hide resource "secret://*"
                resource "file:///*" { allow as files when uri endsWith ".txt" }
                hide prompt secret-prompt
                prompt args-prompt {
                  require city
                  allow
                }
                client sampling { allow limit 2 per 1m }
                client roots { deny as noroots reason "folders are private" }
                """, d);
        assertThat(d.all()).isEmpty();
        String text = DslPrinter.print(p, d);
        assertThat(d.all()).isEmpty();
        Policy back = DslFrontEnd.parse("q.mcppol", text, d);
        assertThat(d.all()).as(text).isEmpty();
        assertThat(back.methods()).hasSameSizeAs(p.methods());
        for (MethodRules m : p.methods()) {
            MethodRules b = back.method(m.kind());
            assertThat(b).as(m.kind() + " in\n" + text).isNotNull();
            assertThat(b.defaultEffect()).isEqualTo(m.defaultEffect());
            assertThat(b.hidden().stream().map(h -> h.pattern()).toList())
                    .isEqualTo(m.hidden().stream().map(h -> h.pattern()).toList());
            assertThat(b.rules().stream().map(r -> r.effect() + " " + r.target() + " " + r.reason()).toList())
                    .isEqualTo(m.rules().stream().map(r -> r.effect() + " " + r.target() + " " + r.reason()).toList());
        }
    }
}
