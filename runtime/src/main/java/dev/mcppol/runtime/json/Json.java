package dev.mcppol.runtime.json;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
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
}
