package dev.mcppol.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The lax reading: strings where the schema declares another type, read as a Python server reads them. */
class TypeReadingTest {

    private static JsonNode json(String s) {
        return Json.MAPPER.readTree(s);
    }

    private static String lax(String args, String properties) {
        JsonNode a = json(args);
        JsonNode read = TypeReading.read(a, json("{\"type\":\"object\",\"properties\":" + properties + "}"));
        return read == a ? "same" : read.toString();
    }

    @Test
    void numbersAndBooleansGivenAsStrings() {
        assertThat(lax("{\"a\":\"1000\"}", "{\"a\":{\"type\":\"number\"}}")).isEqualTo("{\"a\":1000}");
        assertThat(lax("{\"a\":\" 7 \"}", "{\"a\":{\"type\":\"integer\"}}")).isEqualTo("{\"a\":7}");
        assertThat(lax("{\"f\":\"yes\"}", "{\"f\":{\"type\":\"boolean\"}}")).isEqualTo("{\"f\":true}");
        assertThat(lax("{\"f\":\"OFF\"}", "{\"f\":{\"type\":\"boolean\"}}")).isEqualTo("{\"f\":false}");
        assertThat(lax("{\"f\":1}", "{\"f\":{\"type\":\"boolean\"}}")).isEqualTo("{\"f\":true}");
        assertThat(lax("{\"f\":1}", "{\"f\":{\"type\":[\"boolean\",\"integer\"]}}")).isEqualTo("same");
    }

    /** What JavaScript's Number() (zod's coerce) and Python's int()/float() take for numbers, JSON not. */
    @Test
    void numeralsBeyondJson() {
        String number = "{\"a\":{\"type\":\"number\"}}";
        assertThat(lax("{\"a\":\"0x10\"}", number)).isEqualTo("{\"a\":16}");
        assertThat(lax("{\"a\":\"0b101\"}", number)).isEqualTo("{\"a\":5}");
        assertThat(lax("{\"a\":\"007\"}", number)).isEqualTo("{\"a\":7}");
        assertThat(lax("{\"a\":\"+5\"}", number)).isEqualTo("{\"a\":5}");
        assertThat(lax("{\"a\":\"1_000\"}", number)).isEqualTo("{\"a\":1000}");
        assertThat(lax("{\"a\":\".5\"}", number)).isEqualTo("{\"a\":0.5}");
        assertThat(lax("{\"a\":\"5.\"}", number)).isEqualTo("{\"a\":5}");
        assertThat(lax("{\"a\":\"\"}", number)).isEqualTo("{\"a\":0}");
        assertThat(lax("{\"a\":\"-Infinity\"}", number)).contains("-1E+309");
        assertThat(lax("{\"a\":\"1e99999999999\"}", number)).contains("1E+309");
        assertThat(lax("{\"a\":\"" + "9".repeat(5_000) + "\"}", number)).contains("1E+309");
        assertThat(lax("{\"a\":\"0x" + "f".repeat(5_000) + "\"}", number)).contains("1E+309");
        for (String notANumber : new String[] {"NaN", "x1", "1x", "e5", ".", "1__0", "0x", "--1", "1 2"}) {
            assertThat(lax("{\"a\":\"" + notANumber + "\"}", number)).as(notANumber).isEqualTo("same");
        }
    }

    @Test
    void listsAndObjectsGivenAsJsonTextDuplicateKeysLastWins() {
        assertThat(lax("{\"xs\":\"[1, 7]\"}", "{\"xs\":{\"type\":\"array\"}}")).isEqualTo("{\"xs\":[1,7]}");
        assertThat(lax("{\"xs\":[\"5\",\"x\"]}", "{\"xs\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}"))
                .isEqualTo("{\"xs\":[5,\"x\"]}");
        assertThat(lax("{\"o\":\"{\\\"a\\\":1,\\\"a\\\":2}\"}", "{\"o\":{\"type\":\"object\"}}")).isEqualTo("{\"o\":{\"a\":2}}");
        // the parsed object is read under the property's own schema in turn
        assertThat(lax("{\"o\":\"{\\\"n\\\":\\\"3\\\"}\"}",
                "{\"o\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}}}}")).isEqualTo("{\"o\":{\"n\":3}}");
    }

    @Test
    void membersTheSchemaDoesNotNameReadByAdditionalProperties() {
        JsonNode args = json("{\"s\":\"5\",\"n\":\"7\"}");
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"}},"
                + "\"additionalProperties\":{\"type\":\"integer\"}}");
        assertThat(TypeReading.read(args, schema).toString()).isEqualTo("{\"s\":\"5\",\"n\":7}");
    }

    @Test
    void optionalTypesThroughAnyOf() {
        String optionalInt = "{\"a\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}]}}";
        assertThat(lax("{\"a\":\"5\"}", optionalInt)).isEqualTo("{\"a\":5}");
        assertThat(lax("{\"a\":\"null\"}", optionalInt)).isEqualTo("{\"a\":null}");
        assertThat(lax("{\"a\":\"5\"}", "{\"a\":{\"anyOf\":[{\"type\":\"integer\"},{}]}}")).isEqualTo("same");
    }

    @Test
    void nothingReadsOtherwiseWhereAStringIsDeclaredOrNothingParses() {
        assertThat(lax("{\"s\":\"5\"}", "{\"s\":{\"type\":\"string\"}}")).isEqualTo("same");
        assertThat(lax("{\"s\":\"5\"}", "{\"s\":{\"type\":[\"string\",\"number\"]}}")).isEqualTo("same");
        assertThat(lax("{\"a\":\"1000 x\"}", "{\"a\":{\"type\":\"number\"}}")).isEqualTo("same");
        assertThat(lax("{\"a\":\"\\\"5\\\"\"}", "{\"a\":{\"type\":\"number\"}}")).isEqualTo("same");
        assertThat(lax("{\"a\":\"[1]\"}", "{\"a\":{\"type\":\"number\"}}")).isEqualTo("same");
        assertThat(lax("{\"u\":\"5\"}", "{\"a\":{\"type\":\"number\"}}")).isEqualTo("same");
        JsonNode args = json("{\"a\":\"5\"}");
        assertThat(TypeReading.read(args, (JsonNode) null)).isSameAs(args);
    }
}
