package dev.mcppol.runtime.json;

import java.math.BigDecimal;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A YAML token stream read the way {@link YamlScalars} says: each key and plain string is checked
 * as it is read, and an ambiguous one stops the reading with {@link Ambiguous} at its line and
 * column. For readers that stop at their first error (case files, {@code mcppol.yaml}); the importer,
 * which reports every problem, asks {@link YamlScalars} itself.
 */
public final class YamlTokens {

    /** A plain scalar {@link YamlScalars} refuses, or a float that is not a finite number. */
    public static final class Ambiguous extends StreamReadException {
        public Ambiguous(JsonParser p, String message, TokenStreamLocation at) {
            super(p, message, at);
        }
    }

    private final JsonParser p;
    private final YamlScalars.Source source;

    /** {@code p} must read {@code text}, from its start. */
    public YamlTokens(JsonParser p, String text) {
        this.p = p;
        this.source = new YamlScalars.Source(text);
    }

    public JsonParser parser() {
        return p;
    }

    public JsonToken next() {
        JsonToken t = p.nextToken();
        if (t == JsonToken.PROPERTY_NAME) {
            check(p.currentName());
        } else if (t == JsonToken.VALUE_STRING) {
            check(p.getString());
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT && YamlScalars.exactNumber(p.getString()) == null) {
            throw new Ambiguous(p, YamlScalars.notExact(p.getString()), p.currentTokenLocation());
        }
        return t;
    }

    private void check(String text) {
        TokenStreamLocation at = p.currentTokenLocation();
        if (!source.isPlainAt(at.getLineNr(), at.getColumnNr())) {
            return;
        }
        String why = YamlScalars.ambiguity(text);
        if (why != null) {
            throw new Ambiguous(p, "'" + text + "' is ambiguous: " + why + "; " + YamlScalars.help(text), at);
        }
    }

    /**
     * The value starting at the current token, as a tree, its every key and scalar checked: numbers
     * exact (integers as integers, others as decimals), keys unique.
     */
    public JsonNode tree() {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = Json.NODES.objectNode();
                while (next() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    TokenStreamLocation at = p.currentTokenLocation();
                    next();
                    JsonNode v = tree();
                    if (o.has(key)) {
                        throw new StreamReadException(p, "duplicate key \"" + key + "\"", at);
                    }
                    o.set(key, v);
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = Json.NODES.arrayNode();
                while (next() != JsonToken.END_ARRAY) {
                    a.add(tree());
                }
                return a;
            }
            case VALUE_STRING:
                return Json.NODES.stringNode(p.getString());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return Json.NODES.numberNode(p.getIntValue());
                    case LONG:
                        return Json.NODES.numberNode(p.getLongValue());
                    default:
                        return Json.NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT: {
                BigDecimal d = YamlScalars.exactNumber(p.getString());
                return Json.NODES.numberNode(d);
            }
            case VALUE_TRUE:
                return Json.NODES.booleanNode(true);
            case VALUE_FALSE:
                return Json.NODES.booleanNode(false);
            case VALUE_NULL:
                return Json.NODES.nullNode();
            default:
                throw new StreamReadException(p, "unexpected " + t, p.currentTokenLocation());
        }
    }
}
