package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * A server's answer ({@code s2c}, a response) as {@link TranscriptReader} reads it without building its
 * tree: its id and whether it is the proxy's own answer (the decision under {@code result._meta} or
 * {@code error.data}), which is all a replay reads of most answers; the rest is read from the line only
 * when asked for ({@link #message()}), exactly as the tree reading of the whole line has it.
 *
 * <p>The scan reads only what the tree reading would accept the same way: any doubt (a {@code method},
 * a {@code jsonrpc} other than the string {@code "2.0"}, no {@code id}, neither {@code result} nor
 * {@code error}, a decimal with an exponent, which the tree reading converts and may refuse) and
 * {@link #skim} gives up, and the line is read as a tree.
 */
public final class RecordedAnswer {
    private final JsonNode id;
    private final boolean own;
    private final String line;
    private JsonNode message;

    private RecordedAnswer(JsonNode id, boolean own, String line) {
        this.id = id;
        this.own = own;
        this.line = line;
    }

    /** The answer's id, as the client's id names it in a recording. */
    public JsonNode id() {
        return id;
    }

    /** True for an answer the proxy gave in the server's place ({@code CallHandler.isOwnAnswer}). */
    public boolean own() {
        return own;
    }

    /** The whole message, read from the record's line (once; the line was already read once without error). */
    public JsonNode message() {
        if (message == null) {
            message = Json.tree(() -> Json.MAPPER.readTree(line)).get("msg");
        }
        return message;
    }

    /** An answer already read ({@link RecordScan}). */
    static RecordedAnswer of(JsonNode id, boolean own, String line) {
        return new RecordedAnswer(id, own, line);
    }

    /**
     * The answer whose {@code msg} value starts at the parser's current token (an object), read up to
     * its end; null when the scan gives up (the parser is then somewhere inside it).
     */
    static RecordedAnswer skim(JsonParser p, String line) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        JsonNode id = null;
        boolean answer = false;
        boolean own = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int found = NO;
            switch (name) {
                case "method" -> {
                    return null; // a request or a notification: read as a tree
                }
                case "jsonrpc" -> {
                    if (v != JsonToken.VALUE_STRING || !"2.0".equals(p.getString())) {
                        return null;
                    }
                }
                case "id" -> id = StreamedTree.read(p);
                case "result" -> {
                    answer = true;
                    found = holds(p, "_meta");
                }
                case "error" -> {
                    answer = true;
                    found = holds(p, "data");
                }
                default -> found = skip(p) ? NO : GIVE_UP;
            }
            if (found == GIVE_UP) {
                return null;
            }
            own |= found == YES;
        }
        if (id == null || !answer) {
            return null;
        }
        return new RecordedAnswer(id, own, line);
    }

    private static final int NO = 0;
    private static final int YES = 1;
    private static final int GIVE_UP = 2;

    /**
     * Whether the value at the parser (read to its end) is an object whose member {@code member} is an
     * object holding the decision ({@link JsonRpc#META_KEY}); {@link #GIVE_UP} when the scan gives up.
     */
    private static int holds(JsonParser p, String member) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return skip(p) ? NO : GIVE_UP;
        }
        int found = NO;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals(member) && v == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    if (p.currentName().equals(JsonRpc.META_KEY)) {
                        found = YES;
                    }
                    p.nextToken();
                    if (!skip(p)) {
                        return GIVE_UP;
                    }
                }
            } else if (!skip(p)) {
                return GIVE_UP;
            }
        }
        return found;
    }

    /**
     * Reads past the value at the parser; false when it holds a decimal with an exponent (the tree
     * reading converts every decimal and refuses one no exact decimal can hold, so the tree decides).
     */
    private static boolean skip(JsonParser p) {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == null) {
                return false; // cut short: the tree reading says where
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.VALUE_NUMBER_FLOAT && exponent(p)) {
                return false;
            }
            if (depth == 0) {
                return true;
            }
            t = p.nextToken();
        }
    }

    private static boolean exponent(JsonParser p) {
        char[] text = p.getStringCharacters();
        for (int i = p.getStringOffset(), end = i + p.getStringLength(); i < end; i++) {
            if (text[i] == 'e' || text[i] == 'E') {
                return true;
            }
        }
        return false;
    }
}
