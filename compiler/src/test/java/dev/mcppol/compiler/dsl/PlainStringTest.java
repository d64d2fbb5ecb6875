package dev.mcppol.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** A string literal taken without JSON decoding has exactly the value JSON decoding gives it. */
class PlainStringTest {
    @Property(tries = 3000)
    void aPlainLiteralIsWhatItsQuotesHold(@ForAll @StringLength(max = 10) @CharRange(from = '\u0000', to = '\u007f')
                                          @Chars({'é', '€', '\ud83d', '\ude00'}) String content) {
        String token = "\"" + content + "\"";
        if (DslFrontEnd.plainString(token)) {
            assertThat(Json.MAPPER.readTree(token).stringValue()).isEqualTo(content);
        } else {
            // only escapes, quotes and control characters need decoding
            assertThat(content.chars().anyMatch(ch -> ch == '\\' || ch == '"' || ch < 0x20)).as(content).isTrue();
        }
    }
}
