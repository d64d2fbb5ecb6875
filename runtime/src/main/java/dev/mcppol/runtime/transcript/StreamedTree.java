package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.json.Json;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tree of the value at a parser's current token, as {@link JsonParser#readValueAsTree} reads it
 * with {@link Json#MAPPER}'s settings, built without a lookup of the tree deserializer per value (which
 * cost a transcript's reader a third of its time): objects, arrays, strings, booleans, null and
 * {@code int}/{@code long} integers are built here; the rest (decimals, which the mapper reads as exact
 * decimals with trailing zeros stripped, and integers beyond {@code long}) by the mapper itself.
 */
final class StreamedTree {
    private StreamedTree() {
    }

    /** Reads the value at the parser's current token, leaving the parser on its last token. */
    static JsonNode read(JsonParser p) {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = Json.NODES.objectNode();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = Json.NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                return a;
            }
            case VALUE_STRING:
                return Json.NODES.stringNode(p.getString());
            case VALUE_TRUE:
                return Json.NODES.booleanNode(true);
            case VALUE_FALSE:
                return Json.NODES.booleanNode(false);
            case VALUE_NULL:
                return Json.NODES.nullNode();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.INT) {
                    return Json.NODES.numberNode(p.getIntValue());
                }
                if (p.getNumberType() == JsonParser.NumberType.LONG) {
                    return Json.NODES.numberNode(p.getLongValue());
                }
                return p.readValueAsTree();
            default:
                return p.readValueAsTree();
        }
    }
}
