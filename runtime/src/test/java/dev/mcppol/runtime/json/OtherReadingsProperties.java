package dev.mcppol.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;

/**
 * {@link TypeReading#otherReadings} decides from a string's first character and length whether to
 * try reading it at all: it must find exactly what reading every string as a boolean and as any other
 * non-string type finds (fails when the shortcut skips a string some reader takes for another type).
 */
class OtherReadingsProperties {

    @Property(tries = 3000)
    void theShortcutFindsWhatReadingEveryStringFinds(@ForAll("strings") String s) {
        List<JsonNode> slow = new ArrayList<>();
        JsonNode b = TypeReading.fromString(s, TypeReading.BOOLEAN);
        if (b != null) {
            slow.add(b);
        }
        JsonNode o = TypeReading.fromString(s, TypeReading.ALL_BUT_STRING & ~TypeReading.BOOLEAN);
        if (o != null) {
            slow.add(o);
        }
        assertThat(TypeReading.otherReadings(Json.NODES.stringNode(s))).as(s).containsExactlyInAnyOrderElementsOf(slow);
    }

    @Provide
    Arbitrary<String> strings() {
        Arbitrary<String> parts = Arbitraries.of("", " ", "\t", "\n", "1", "0", "-", "+", ".", "e5", "x", "0x1f", "0b1",
                "_", "inf", "Infinity", "NaN", "true", "False", "YES", "no", "on", "off", "t", "n", "null", "NULL",
                "[", "]", "{", "}", "\"a\"", ":", ",", "[1, 2]", "{\"a\": 1}", "fast", "index", "/etc", "é", "1_000",
                "007", "9".repeat(30));
        return Arbitraries.oneOf(parts.list().ofMaxSize(4).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(12));
    }
}
