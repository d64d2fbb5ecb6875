package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.json.FastJson;
import dev.mcppol.runtime.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * What the proxy needs to know of a server message to relay an answer without building its tree:
 * whether it is one JSON object read as strictly as {@link ParsedMessage} reads (well-formed, no
 * duplicate keys at any depth, nothing after it), a response (an {@code id}, a {@code result} or an
 * {@code error}, no {@code method}), and where its {@code id} sits in the bytes — so the client's id can
 * be put in its place and the rest sent as received. One streaming pass, no allocation per value.
 *
 * @param idStart the id value's first byte (an absolute index into the buffer)
 * @param idEnd   one past the id value's last byte
 * @param id      the id, when it is a string (the proxy's own ids are); else null
 */
record AnswerShape(int idStart, int idEnd, String id) {

    /** The shape of a response whose id is a string, or null for anything else (read it in full instead). */
    static AnswerShape of(byte[] buf, int off, int len) {
        // Skimmed without a parser where the skim can vouch for the mapper's reading (FastJson.answer):
        // an answer it finds has no NUL byte (the skim refuses one wherever it is), and bytes it finds
        // no answer in get null here as from the parser's reading below.
        FastJson.Answer fast = FastJson.answer(buf, off, len);
        if (fast == FastJson.NOT_AN_ANSWER) {
            return null;
        }
        if (fast != null) {
            return new AnswerShape(fast.idStart(), fast.idEnd(), fast.id());
        }
        return withParser(buf, off, len);
    }

    /** {@link #of} by the mapper's streaming parser: the reading the fast skim must agree with. */
    static AnswerShape withParser(byte[] buf, int off, int len) {
        if (!ParsedMessage.utf8Only(buf, off, len)) {
            return null;
        }
        try (JsonParser p = Json.MAPPER.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int depth = 1;
            int idStart = -1;
            int idEnd = -1;
            String id = null;
            boolean answer = false;
            JsonToken t;
            while (depth > 0 && (t = p.nextToken()) != null) {
                if (depth == 1 && t == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "method" -> {
                            return null; // a request or a notification: the gate reads it in full
                        }
                        case "id" -> {
                            if (v != JsonToken.VALUE_STRING) {
                                return null;
                            }
                            idStart = off + (int) p.currentTokenLocation().getByteOffset();
                            id = p.getString();
                            idEnd = off + (int) p.currentLocation().getByteOffset();
                            continue;
                        }
                        case "result", "error" -> answer = true;
                        default -> {
                        }
                    }
                    t = v;
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            }
            if (depth != 0 || p.nextToken() != null || !answer || id == null) {
                return null; // cut short, something after the object, or not an answer
            }
            if (idEnd <= idStart || buf[idStart] != '"' || buf[idEnd - 1] != '"') {
                return null; // not where the parser said: read it in full
            }
            return new AnswerShape(idStart, idEnd, id);
        } catch (JacksonException e) {
            return null; // the full read refuses it with the reason
        }
    }

    /** The message with {@code idJson} (JSON text) in place of its id; everything else byte for byte. */
    byte[] withId(byte[] buf, int off, int len, byte[] idJson) {
        byte[] out = new byte[len - (idEnd - idStart) + idJson.length];
        int head = idStart - off;
        System.arraycopy(buf, off, out, 0, head);
        System.arraycopy(idJson, 0, out, head, idJson.length);
        System.arraycopy(buf, idEnd, out, head + idJson.length, off + len - idEnd);
        return out;
    }
}
