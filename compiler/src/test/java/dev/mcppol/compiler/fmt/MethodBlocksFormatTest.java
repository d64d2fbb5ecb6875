package dev.mcppol.compiler.fmt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import org.junit.jupiter.api.Test;

/** Resource, prompt and client blocks are laid out like tool blocks. */
class MethodBlocksFormatTest {

    private static String fmt(String text) {
        Diagnostics d = new Diagnostics();
        String out = Formatter.format("p.mcppol", text, d);
        assertThat(d.all()).isEmpty();
        return out;
    }

    @Test
    void blocksOfEveryKindGetTheToolBlockLayout() {
        String in = """
                default   resources   deny
                hide resource "secret://*" ,  "x://*"
                resource "file:///*" {   deny when uri   endsWith ".key"
                allow }
                prompt simple-prompt {allow}
                   client sampling {
                deny when maxTokens>1000
                    allow limit 2 per 1m
                }
                """;
        String expected = """
                default resources deny
                hide resource "secret://*", "x://*"
                resource "file:///*" {
                  deny when uri endsWith ".key"
                  allow
                }
                prompt simple-prompt { allow }
                client sampling {
                  deny when maxTokens > 1000
                  allow limit 2 per 1m
                }
                """;
        assertThat(fmt(in)).isEqualTo(expected);
        assertThat(fmt(expected)).isEqualTo(expected);
    }
}
