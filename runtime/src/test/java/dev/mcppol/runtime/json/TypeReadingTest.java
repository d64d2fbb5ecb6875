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
        // and the other way: pydantic's int and float take true and false for 1 and 0
        assertThat(lax("{\"n\":true,\"m\":false}", "{\"n\":{\"type\":\"integer\"},\"m\":{\"type\":\"number\"}}"))
                .isEqualTo("{\"n\":1,\"m\":0}");
        assertThat(lax("{\"n\":true}", "{\"n\":{\"type\":[\"boolean\",\"integer\"]}}")).isEqualTo("same");
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

    /** pydantic writes nested models under $defs and refers to them; Optional[Model] is anyOf [ref, null]. */
    @Test
    void nestedModelsAreReadThroughRefsAllOfAndRecursion() {
        JsonNode schema = json("{\"type\":\"object\",\"$defs\":{"
                + "\"Cfg\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}},"
                + "\"Node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"number\"},"
                + "\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\"}}}}},"
                + "\"properties\":{\"cfg\":{\"$ref\":\"#/$defs/Cfg\"},"
                + "\"old\":{\"allOf\":[{\"$ref\":\"#/$defs/Cfg\"}],\"description\":\"v1 style\"},"
                + "\"opt\":{\"anyOf\":[{\"$ref\":\"#/$defs/Cfg\"},{\"type\":\"null\"}]},"
                + "\"tree\":{\"$ref\":\"#/$defs/Node\"}}}");
        assertThat(TypeReading.read(json("{\"cfg\":{\"n\":\"5\"}}"), schema).toString()).isEqualTo("{\"cfg\":{\"n\":5}}");
        assertThat(TypeReading.read(json("{\"old\":{\"n\":\"5\"}}"), schema).toString()).isEqualTo("{\"old\":{\"n\":5}}");
        assertThat(TypeReading.read(json("{\"opt\":{\"n\":\"5\"}}"), schema).toString()).isEqualTo("{\"opt\":{\"n\":5}}");
        // a model given as JSON text (FastMCP parses it), then read under the model
        assertThat(TypeReading.read(json("{\"cfg\":\"{\\\"n\\\":\\\"6\\\"}\"}"), schema).toString())
                .isEqualTo("{\"cfg\":{\"n\":6}}");
        assertThat(TypeReading.read(json("{\"tree\":{\"kids\":[{\"kids\":[{\"v\":\"7\"}]}]}}"), schema).toString())
                .isEqualTo("{\"tree\":{\"kids\":[{\"kids\":[{\"v\":7}]}]}}");
    }

    @Test
    void refsThatLoopOrPointNowhereEndAndShareTheirPlans() {
        // a ref to itself through anyOf, a ref to nothing, a ref that is no pointer: planned, nothing read
        JsonNode schema = json("{\"type\":\"object\",\"$defs\":{\"A\":{\"anyOf\":[{\"$ref\":\"#/$defs/A\"}]}},"
                + "\"properties\":{\"a\":{\"$ref\":\"#/$defs/A\"},\"b\":{\"$ref\":\"#/nowhere\"},"
                + "\"c\":{\"$ref\":\"other.json#/x\"},\"d\":{\"$ref\":\"#/$defs/A/~\"}}}");
        JsonNode args = json("{\"a\":\"5\",\"b\":\"5\",\"c\":\"5\",\"d\":\"5\"}");
        assertThat(TypeReading.read(args, schema)).isSameAs(args);
        // many refs sharing one target, 40 levels deep, each with two branches: planned once per node
        StringBuilder defs = new StringBuilder("\"L40\":{\"type\":\"integer\"}");
        for (int i = 39; i >= 0; i--) {
            defs.append(",\"L").append(i).append("\":{\"anyOf\":[{\"$ref\":\"#/$defs/L").append(i + 1)
                    .append("\"},{\"$ref\":\"#/$defs/L").append(i + 1).append("\"}]}");
        }
        JsonNode deep = json("{\"type\":\"object\",\"$defs\":{" + defs + "},\"properties\":{\"x\":{\"$ref\":\"#/$defs/L0\"}}}");
        assertThat(TypeReading.read(json("{\"x\":\"3\"}"), deep).toString()).isEqualTo("{\"x\":3}");
    }

    private static String defaults(String args, String schema) {
        JsonNode a = json(args);
        java.util.List<String> filled = new java.util.ArrayList<>();
        JsonNode read = TypeReading.withDefaults(a, TypeReading.plan(json(schema)), filled);
        return read == a ? "same" : read + " " + filled;
    }

    @Test
    void membersLeftOutAreFilledWithTheirDefaultsWhereverTheCallHasTheirObject() {
        String schema = "{\"type\":\"object\",\"$defs\":{\"O\":{\"type\":\"object\",\"properties\":"
                + "{\"d\":{\"type\":\"integer\",\"default\":9}}}},\"properties\":{"
                + "\"count\":{\"type\":\"number\",\"default\":3},\"o\":{\"$ref\":\"#/$defs/O\"},"
                + "\"xs\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/O\"}}}}";
        assertThat(defaults("{}", schema)).isEqualTo("{\"count\":3} [count]");
        assertThat(defaults("{\"count\":1,\"o\":{},\"xs\":[{\"d\":1},{}]}", schema))
                .isEqualTo("{\"count\":1,\"o\":{\"d\":9},\"xs\":[{\"d\":1},{\"d\":9}]} [o.d, xs.1.d]");
        // present members, explicit nulls included, keep what the call gave
        assertThat(defaults("{\"count\":null}", schema)).isEqualTo("same");
        assertThat(defaults("{}", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"}}}")).isEqualTo("same");
    }
}
