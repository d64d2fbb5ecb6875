package dev.mcppol.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonValuesTest {

    private static JsonNode j(String text) {
        return Json.MAPPER.readTree(text);
    }

    private static boolean eq(String a, String b) {
        boolean r = JsonValues.equal(j(a), j(b));
        assertThat(JsonValues.equal(j(b), j(a))).as("symmetry").isEqualTo(r);
        return r;
    }

    @Test
    void numbersCompareByValue() {
        assertThat(eq("5", "5.0")).isTrue();
        assertThat(eq("5", "5.000000000000000000001")).isFalse();
        assertThat(eq("1e2", "100")).isTrue();
        assertThat(eq("-0", "0")).isTrue();
        assertThat(eq("123456789012345678901234567890", "123456789012345678901234567890.0")).isTrue();
        assertThat(JsonValues.equal(Json.NODES.numberNode(5), Json.NODES.numberNode(new BigDecimal("5.00")))).isTrue();
        assertThat(JsonValues.equal(Json.NODES.numberNode(5L), Json.NODES.numberNode(5.0d))).isTrue();
    }

    @Test
    void typesNeverMix() {
        assertThat(eq("\"5\"", "5")).isFalse();
        assertThat(eq("true", "1")).isFalse();
        assertThat(eq("false", "0")).isFalse();
        assertThat(eq("null", "0")).isFalse();
        assertThat(eq("null", "\"\"")).isFalse();
        assertThat(eq("[]", "{}")).isFalse();
        assertThat(eq("[\"a b\"]", "[\"a\",\"b\"]")).isFalse();
    }

    @Test
    void arraysAreOrderedAndNested() {
        assertThat(eq("[1,[2,{\"a\":3}]]", "[1.0,[2,{\"a\":3.0}]]")).isTrue();
        assertThat(eq("[1,2]", "[2,1]")).isFalse();
        assertThat(eq("[1]", "[1,1]")).isFalse();
    }

    @Test
    void objectsIgnoreKeyOrderButNotKeys() {
        assertThat(eq("{\"a\":1,\"b\":[2]}", "{\"b\":[2.0],\"a\":1}")).isTrue();
        assertThat(eq("{\"a\":1}", "{\"a\":1,\"b\":null}")).isFalse();
        assertThat(eq("{\"a\":null}", "{\"b\":null}")).isFalse();
    }

    @Test
    void nullsAndJavaNulls() {
        assertThat(eq("null", "null")).isTrue();
        assertThat(JsonValues.equal(null, null)).isTrue();
        assertThat(JsonValues.equal(null, j("null"))).isFalse();
    }

    @Test
    void canonicalTextSortsKeysAndNormalisesNumbers() {
        assertThat(JsonValues.canonical(j("{\"b\":5.0,\"a\":[1e2,\"x\"]}"))).isEqualTo("{\"a\": [100, \"x\"], \"b\": 5}");
        assertThat(JsonValues.canonical(j("0.50"))).isEqualTo("0.5");
        assertThat(JsonValues.canonical(j("\"q\\\"\\n\""))).isEqualTo("\"q\\\"\\n\"");
        assertThat(JsonValues.canonical(j("[true,null]"))).isEqualTo("[true, null]");
    }

    @Test
    void equalValuesHaveEqualCanonicalText() {
        String[][] pairs = {{"5", "5.0"}, {"{\"a\":1,\"b\":2}", "{\"b\":2.00,\"a\":1}"}, {"[1e1]", "[10]"}, {"-0.0", "0"}};
        for (String[] p : pairs) {
            assertThat(JsonValues.canonical(j(p[0]))).as(p[0]).isEqualTo(JsonValues.canonical(j(p[1])));
        }
        assertThat(JsonValues.canonical(j("\"5\""))).isNotEqualTo(JsonValues.canonical(j("5")));
    }

    @Test
    void canonicalNumbersStayReadableAtExtremes() {
        assertThat(JsonValues.canonicalNumber(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(JsonValues.canonicalNumber(new BigDecimal("1E+100"))).isEqualTo("1E+100");
        assertThat(JsonValues.canonicalNumber(new BigDecimal("1E-100"))).isEqualTo("1E-100");
        assertThat(JsonValues.canonicalNumber(new BigDecimal("0.001"))).isEqualTo("0.001");
    }

    @Test
    void typeNamesAreThePolicyAuthorsWords() {
        assertThat(JsonValues.typeName(j("1.5"))).isEqualTo("number");
        assertThat(JsonValues.typeName(j("\"x\""))).isEqualTo("string");
        assertThat(JsonValues.typeName(j("null"))).isEqualTo("null");
        assertThat(JsonValues.typeName(null)).isEqualTo("missing");
        assertThat(JsonValues.typeName(j("{}"))).isEqualTo("object");
    }

    @Test
    void theMapperRefusesDuplicateKeysAndKeepsDecimals() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> j("{\"a\":1,\"a\":2}"))
                .isInstanceOf(tools.jackson.core.JacksonException.class);
        assertThat(j("0.1").decimalValue()).isEqualByComparingTo("0.1");
    }
}
