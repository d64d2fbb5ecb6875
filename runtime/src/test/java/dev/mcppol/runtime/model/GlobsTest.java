package dev.mcppol.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class GlobsTest {

    @Test
    void starMatchesAnyRunIncludingEmpty() {
        assertThat(Globs.matches("*", "")).isTrue();
        assertThat(Globs.matches("*", "anything.at-all")).isTrue();
        assertThat(Globs.matches("fs_*", "fs_")).isTrue();
        assertThat(Globs.matches("fs_*", "fs_read")).isTrue();
        assertThat(Globs.matches("fs_*", "fs")).isFalse();
        assertThat(Globs.matches("*_read", "fs_read")).isTrue();
        assertThat(Globs.matches("*_read", "fs_reader")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(Globs.matches("v?", "v1")).isTrue();
        assertThat(Globs.matches("v?", "v")).isFalse();
        assertThat(Globs.matches("v?", "v12")).isFalse();
        assertThat(Globs.matches("???", "abc")).isTrue();
    }

    @Test
    void starsNeedBacktrackingToMatch() {
        assertThat(Globs.matches("a*b*c", "aXbYbZc")).isTrue();
        assertThat(Globs.matches("a*b*c", "aXbYbZ")).isFalse();
        assertThat(Globs.matches("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaa")).isFalse();
        assertThat(Globs.matches("**", "x")).isTrue();
    }

    @Test
    void otherCharactersAreLiteralAndCaseSensitive() {
        assertThat(Globs.matches("fs.read", "fs.read")).isTrue();
        assertThat(Globs.matches("fs.read", "fsXread")).isFalse();
        assertThat(Globs.matches("FS_*", "fs_read")).isFalse();
        assertThat(Globs.matches("get-sum", "get-sum")).isTrue();
    }

    @Test
    void isGlobSeesOnlyStarAndQuestionMark() {
        assertThat(Globs.isGlob("fs_*")).isTrue();
        assertThat(Globs.isGlob("v?")).isTrue();
        assertThat(Globs.isGlob("fs.read-x_1")).isFalse();
    }

    @Test
    void aLongPathologicalNameMatchesQuickly() {
        String name = "a".repeat(100_000);
        assertThat(Globs.matches("*a*a*a*a*a*b", name)).isFalse();
    }

    @Property(tries = 300)
    void agreesWithARegexTranslation(@ForAll @AlphaChars @StringLength(max = 8) String name,
                                     @ForAll("globs") String glob) {
        String regex = glob.replace("*", ".*").replace("?", ".");
        assertThat(Globs.matches(glob, name)).isEqualTo(name.matches(regex));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> globs() {
        return net.jqwik.api.Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(6);
    }

    @Property(tries = 200)
    void aNameMatchesItself(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String name) {
        assertThat(Globs.matches(name, name)).isTrue();
        assertThat(Globs.matches(name + "*", name)).isTrue();
        assertThat(Globs.matches("*" + name, "x" + name)).isTrue();
    }
}
