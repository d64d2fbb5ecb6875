package dev.mcppol.runtime.json;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The one JSON configuration of mcppol. Input comes from agents and files people edit, so duplicate
 * keys are an error (the last one would otherwise silently win) and decimals keep every digit.
 */
public final class Json {
    private Json() {
    }

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Sorted keys: the byte form that bundle hashes are computed over. */
    public static final JsonMapper CANONICAL = MAPPER.rebuild()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(tools.jackson.databind.cfg.JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    /** One tree read by a mapper. */
    @FunctionalInterface
    public interface TreeRead {
        JsonNode read();
    }

    /**
     * A tree read that reports every unreadable input as a {@link tools.jackson.core.JacksonException}:
     * Jackson throws {@link NumberFormatException} for a number no exact decimal can hold (an exponent
     * beyond ±2^31, {@code 1e99999999999}), which callers that handle parse errors would let through —
     * on the proxy's reader thread, one such message stopped the session.
     */
    public static JsonNode tree(TreeRead read) {
        try {
            return read.read();
        } catch (NumberFormatException e) {
            throw new tools.jackson.core.exc.StreamReadException(
                    "a number no exact decimal can hold (its exponent is beyond ±2147483647)");
        }
    }
}
