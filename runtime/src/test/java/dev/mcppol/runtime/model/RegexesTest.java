package dev.mcppol.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * Regexes RE2/J 1.8 would never finish compiling are refused first (each of the refused ones below
 * hangs {@code com.google.re2j.Pattern.compile} forever); everything else compiles as before.
 */
class RegexesTest {

    @Test
    void refusesACaseInsensitiveRegexThatCanMatchTheUnfoldableLetters() {
        for (String re : new String[] {"(?i)\u1C80", "(?i)[\u1C85]", "(?i)x\\x{1C88}", "(?mi)[\u1000-\u2000]",
                "(?i:a[\\x{1C00}-\\x{1CFF}])", "(?i)[\\x{1C81}]"}) {
            assertThat(Regexes.refusal(re)).as(re).contains("U+1C80");
            assertThatThrownBy(() -> Regexes.compile(re)).as(re).isInstanceOf(PatternSyntaxException.class);
        }
    }

    @Test
    void compilesEverythingElse() {
        for (String re : new String[] {"\u1C80", "[\u1000-\u2000]", "(?i)[^a-z]", "(?i)password|api[_-]?key",
                "(?i)\\p{Cyrillic}", "(?i)caf\u00e9", "(?i)[\u0400-\u04FF]", "(?s).*", "(?i)\\W+"}) {
            assertThat(Regexes.refusal(re)).as(re).isNull();
            assertThat(Regexes.compile(re)).as(re).isNotNull();
        }
    }

    @Test
    void anInvalidRegexIsStillReportedByTheEngine() {
        assertThatThrownBy(() -> Regexes.compile("(?i)(")).isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("missing closing )");
    }
}
