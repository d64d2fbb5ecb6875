package dev.mcppol.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PathSegTest {
    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The hand-written check says what the regex it replaced said, so every key prints as before. */
    @Property(tries = 2000)
    void plainIsTheIdentifierRegex(@ForAll @StringLength(max = 8) @CharRange(from = '\u0000', to = '\u007f')
                                   @Chars({'é', 'ß', '٣', '\u212a'}) String name) {
        assertThat(PathSeg.Key.plain(name)).as(name).isEqualTo(PLAIN.matcher(name).matches());
    }

    @Test
    void keysPrintAsWrittenInThePolicyLanguage() {
        assertThat(new PathSeg.Key("mode").text()).isEqualTo(".mode");
        assertThat(new PathSeg.Key("_a9").text()).isEqualTo("._a9");
        assertThat(new PathSeg.Key("9a").text()).startsWith("[");
        assertThat(new PathSeg.Key("").text()).startsWith("[");
        assertThat(new PathSeg.Key("a-b").text()).startsWith("[");
        assertThat(new PathSeg.Key("\u212a").text()).startsWith("["); // the Kelvin sign is not a K
    }
}
