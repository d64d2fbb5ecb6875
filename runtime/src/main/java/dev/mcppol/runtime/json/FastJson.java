package dev.mcppol.runtime.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The common shapes of JSON read and written without Jackson's parser and generator machinery, for
 * the proxy's per-message work (a {@code tools/call} is read, decided and written again on every call;
 * building a parser, its contexts and duplicate detectors cost more than the message itself). Every
 * method here is a fast path that either gives exactly what {@link Json#MAPPER} gives or says it
 * cannot vouch for that (null), and the caller then does what it did without it: the mapper reads or
 * writes the message, with its own errors and its own limits.
 *
 * <p>What is vouched for is a strict subset. Reading: RFC 8259 JSON in well-formed UTF-8 (overlong
 * forms, encoded surrogates and code points past U+10FFFF are left to the mapper, as are surrogates
 * written as escapes, whose pairing the mapper checks), no key repeated in
 * any object, nesting at most {@value #MAX_DEPTH} deep, strings of at most {@value #MAX_STRING} bytes,
 * keys of at most {@value #MAX_KEY} bytes, numbers of at most {@value #MAX_NUMBER} characters; a tree
 * is built only where every number is an integer of at most 18 digits (the mapper reads decimals as
 * exact decimals with trailing zeros stripped: left to it). Writing: objects, arrays, strings, booleans,
 * null, {@code int} and {@code long} numbers, in the mapper's exact bytes (its escapes, UTF-8 for the
 * rest); a string with a lone surrogate is left to the mapper.
 */
public final class FastJson {
    static final int MAX_DEPTH = 64;
    static final int MAX_STRING = 1 << 20;
    static final int MAX_KEY = 1024;
    static final int MAX_NUMBER = 100;
    /** Keys of one object compared pairwise while skimming; an object with more is left to the mapper. */
    static final int MAX_SKIMMED_KEYS = 32;

    private FastJson() {
    }

    /** Not vouched for: the caller reads with the mapper. Thrown without a stack trace, and caught here. */
    private static final class CannotVouch extends RuntimeException {
        CannotVouch() {
            super(null, null, false, false);
        }
    }

    private static final CannotVouch CANNOT = new CannotVouch();
    /** Keys seen lately, by a hash of their bytes ({@link Reader#key}). */
    private static final String[] KEYS = new String[512];

    // ------------------------------------------------------------------------------------ reading

    /**
     * The object these bytes hold, equal to what {@code Json.MAPPER.readTree} reads from them; null
     * when this reader cannot vouch for that (anything the mapper would refuse among it).
     */
    public static ObjectNode readObject(byte[] b, int off, int len) {
        try {
            Reader r = new Reader(b, off, off + len, true);
            r.ws();
            if (r.p >= r.end || b[r.p] != '{') {
                return null;
            }
            r.p++;
            ObjectNode o = (ObjectNode) r.object();
            r.ws();
            return r.p == r.end ? o : null;
        } catch (CannotVouch | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * Where a server's answer has its id, as the proxy relays answers without building their tree.
     *
     * @param idStart the id's first byte (its opening quote), an index into the buffer
     * @param idEnd   one past its closing quote
     * @param id      the id's text
     */
    public record Answer(int idStart, int idEnd, String id) {
    }

    /** {@link #answer}: the bytes are well-formed and certainly no plain answer with a string id. */
    public static final Answer NOT_AN_ANSWER = new Answer(-1, -1, null);

    /**
     * Skims one message: an answer ({@code result} or {@code error}, no {@code method}) whose top-level
     * {@code id} is a string written without escapes, in an object the mapper reads without complaint
     * (no key repeated at any depth, nothing after it) gives its {@link Answer}; a message this skim
     * reads up to a top-level {@code method} or a top-level {@code id} that is no string, or to its
     * end without finding an answer, gives {@link #NOT_AN_ANSWER} — there a streaming read with the
     * mapper would stop too; anything else null (not vouched for: skim it with the mapper).
     */
    public static Answer answer(byte[] b, int off, int len) {
        try {
            Reader r = new Reader(b, off, off + len, false);
            r.ws();
            if (r.p >= r.end || b[r.p] != '{') {
                return null;
            }
            r.p++;
            r.object();
            if (r.verdict != null) {
                return r.verdict;
            }
            r.ws();
            if (r.p != r.end) {
                return null;
            }
            return r.answer && r.idStart >= 0 ? new Answer(r.idStart, r.idEnd,
                    new String(b, r.idStart + 1, r.idEnd - r.idStart - 2, StandardCharsets.UTF_8)) : NOT_AN_ANSWER;
        } catch (CannotVouch | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static final class Reader {
        final byte[] b;
        final int end;
        final boolean build;
        int p;
        int depth;
        /** Skimming: the keys (start, end) of the open objects, and where the innermost one's begin. */
        int[] keys;
        int keyCount;
        /** Skimming the top level: what the answer holds so far. */
        boolean answer;
        int idStart = -1;
        int idEnd;
        Answer verdict;

        Reader(byte[] b, int p, int end, boolean build) {
            this.b = b;
            this.p = p;
            this.end = end;
            this.build = build;
        }

        void ws() {
            while (p < end) {
                byte c = b[p];
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    p++;
                } else {
                    return;
                }
            }
        }

        /** The next byte after whitespace, consumed. */
        int next() {
            ws();
            if (p >= end) {
                throw CANNOT;
            }
            return b[p++];
        }

        /** A value whose first byte {@code c} was just consumed (null when skimming). */
        JsonNode value(int c) {
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"': {
                    int start = p;
                    boolean escaped = string(MAX_STRING);
                    return build ? Json.NODES.stringNode(text(start, p - 1, escaped)) : null;
                }
                case 't':
                    literal('r', 'u', 'e');
                    return build ? BooleanNode.TRUE : null;
                case 'f':
                    literal('a', 'l', 's');
                    if (p >= end || b[p++] != 'e') {
                        throw CANNOT;
                    }
                    return build ? BooleanNode.FALSE : null;
                case 'n':
                    literal('u', 'l', 'l');
                    return build ? NullNode.getInstance() : null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number(p - 1);
                    }
                    throw CANNOT;
            }
        }

        void literal(char c1, char c2, char c3) {
            if (p + 3 > end || b[p] != c1 || b[p + 1] != c2 || b[p + 2] != c3) {
                throw CANNOT;
            }
            p += 3;
        }

        JsonNode number(int start) {
            int i = start;
            boolean negative = b[i] == '-';
            if (negative) {
                i++;
            }
            if (i >= end) {
                throw CANNOT;
            }
            int firstDigit = i;
            if (b[i] == '0') {
                i++;
            } else if (b[i] >= '1' && b[i] <= '9') {
                while (i < end && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
            } else {
                throw CANNOT;
            }
            int digits = i - firstDigit;
            boolean integral = true;
            if (i < end && b[i] == '.') {
                integral = false;
                i = digits(i + 1);
            }
            if (i < end && (b[i] == 'e' || b[i] == 'E')) {
                integral = false;
                i++;
                if (i < end && (b[i] == '+' || b[i] == '-')) {
                    i++;
                }
                i = digits(i);
            }
            if (i - start > MAX_NUMBER) {
                throw CANNOT;
            }
            p = i;
            if (!build) {
                return null;
            }
            if (!integral || digits > 18) {
                throw CANNOT; // exact decimals and big integers: the mapper's own reading
            }
            long v = 0;
            for (int k = firstDigit; k < i; k++) {
                v = v * 10 + (b[k] - '0');
            }
            if (negative) {
                v = -v;
            }
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Json.NODES.numberNode((int) v)
                    : Json.NODES.numberNode(v);
        }

        /** One or more digits from {@code i}; returns the index after them. */
        int digits(int i) {
            int from = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == from) {
                throw CANNOT;
            }
            return i;
        }

        /**
         * A string whose opening quote was just consumed; leaves {@code p} after its closing quote.
         * Returns whether it holds an escape.
         */
        boolean string(int max) {
            int start = p;
            boolean escaped = false;
            while (true) {
                if (p >= end) {
                    throw CANNOT;
                }
                int c = b[p] & 0xff;
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    escaped = true;
                    if (p + 1 >= end) {
                        throw CANNOT;
                    }
                    int e = b[p + 1];
                    if (e == 'u') {
                        if (p + 6 > end) {
                            throw CANNOT;
                        }
                        for (int k = p + 2; k < p + 6; k++) {
                            if (hex(b[k]) < 0) {
                                throw CANNOT;
                            }
                        }
                        if (hex(b[p + 2]) == 0xD && hex(b[p + 3]) >= 8) {
                            throw CANNOT; // an escaped surrogate: the mapper checks how they pair
                        }
                        p += 6;
                    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                            || e == 't') {
                        p += 2;
                    } else {
                        throw CANNOT;
                    }
                } else if (c < 0x20) {
                    throw CANNOT;
                } else if (c < 0x80) {
                    p++;
                } else {
                    p += utf8(b, p, end);
                }
            }
            if (p - start > max) {
                throw CANNOT;
            }
            p++;
            return escaped;
        }

        /**
         * A key written without escapes: the same few keys come in every message, so their strings
         * are kept (a racy cache of immutable strings: a miss only costs a new string).
         */
        String key(int from, int to) {
            int n = to - from;
            if (n > 32) {
                return new String(b, from, n, StandardCharsets.UTF_8);
            }
            int h = n;
            for (int i = from; i < to; i++) {
                h = 31 * h + b[i];
            }
            int slot = (h ^ (h >>> 16)) & (KEYS.length - 1);
            String k = KEYS[slot];
            if (k != null && k.length() == n) {
                boolean same = true;
                for (int i = 0; i < n; i++) {
                    if (k.charAt(i) != b[from + i]) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    return k;
                }
            }
            k = new String(b, from, n, StandardCharsets.UTF_8);
            if (k.length() == n) { // ASCII only: compared byte for char above
                KEYS[slot] = k;
            }
            return k;
        }

        /** The text of the string between {@code from} (after its opening quote) and {@code to} (its closing quote). */
        String text(int from, int to, boolean escaped) {
            if (!escaped) {
                return new String(b, from, to - from, StandardCharsets.UTF_8);
            }
            StringBuilder sb = new StringBuilder(to - from);
            int run = from;
            for (int i = from; i < to; ) {
                if (b[i] != '\\') {
                    i++;
                    continue;
                }
                if (i > run) {
                    sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
                }
                int e = b[i + 1];
                switch (e) {
                    case 'u' -> {
                        sb.append((char) ((hex(b[i + 2]) << 12) | (hex(b[i + 3]) << 8) | (hex(b[i + 4]) << 4)
                                | hex(b[i + 5])));
                        i += 6;
                    }
                    case 'b' -> {
                        sb.append('\b');
                        i += 2;
                    }
                    case 'f' -> {
                        sb.append('\f');
                        i += 2;
                    }
                    case 'n' -> {
                        sb.append('\n');
                        i += 2;
                    }
                    case 'r' -> {
                        sb.append('\r');
                        i += 2;
                    }
                    case 't' -> {
                        sb.append('\t');
                        i += 2;
                    }
                    default -> {
                        sb.append((char) e); // " \ /
                        i += 2;
                    }
                }
                run = i;
            }
            if (to > run) {
                sb.append(new String(b, run, to - run, StandardCharsets.UTF_8));
            }
            return sb.toString();
        }

        JsonNode object() {
            if (++depth > MAX_DEPTH) {
                throw CANNOT;
            }
            ObjectNode o = build ? Json.NODES.objectNode() : null;
            int firstKey = keyCount;
            int c = next();
            if (c != '}') {
                while (true) {
                    if (c != '"') {
                        throw CANNOT;
                    }
                    int keyStart = p;
                    boolean escaped = string(MAX_KEY);
                    int keyEnd = p - 1;
                    String name = null;
                    if (build) {
                        name = escaped ? text(keyStart, keyEnd, true) : key(keyStart, keyEnd);
                    } else {
                        if (escaped) {
                            throw CANNOT; // "\u0069d" is "id": compared as bytes, keys must be written plainly
                        }
                        newKey(firstKey, keyStart, keyEnd);
                    }
                    if (next() != ':') {
                        throw CANNOT;
                    }
                    int v = next();
                    if (build) {
                        if (o.replace(name, value(v)) != null) {
                            throw CANNOT; // a repeated key: the mapper refuses it
                        }
                    } else if (depth == 1) {
                        topLevel(keyStart, keyEnd, v);
                        if (verdict != null) {
                            return null;
                        }
                    } else {
                        value(v);
                    }
                    c = next();
                    if (c == ',') {
                        c = next();
                    } else if (c == '}') {
                        break;
                    } else {
                        throw CANNOT;
                    }
                }
            }
            keyCount = firstKey;
            depth--;
            return o;
        }

        /** A top-level member of a skimmed message, its value's first byte {@code v} just consumed. */
        void topLevel(int keyStart, int keyEnd, int v) {
            if (is(keyStart, keyEnd, "method")) {
                verdict = NOT_AN_ANSWER; // a request or a notification: the gate reads it in full
                return;
            }
            if (is(keyStart, keyEnd, "id")) {
                if (v != '"') {
                    verdict = NOT_AN_ANSWER;
                    return;
                }
                int start = p - 1;
                if (string(MAX_STRING)) {
                    throw CANNOT; // an id written with escapes: the mapper's skim reads it
                }
                idStart = start;
                idEnd = p;
                return;
            }
            if (is(keyStart, keyEnd, "result") || is(keyStart, keyEnd, "error")) {
                answer = true;
            }
            value(v);
        }

        boolean is(int from, int to, String key) {
            if (to - from != key.length()) {
                return false;
            }
            for (int i = 0; i < key.length(); i++) {
                if (b[from + i] != key.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Skimming: a key of the innermost object, refused when it repeats one before it. */
        void newKey(int firstKey, int start, int stop) {
            if (keys == null) {
                keys = new int[2 * MAX_SKIMMED_KEYS];
            }
            int n = stop - start;
            for (int k = firstKey; k < keyCount; k++) {
                int s = keys[2 * k];
                if (keys[2 * k + 1] - s == n && Arrays.equals(b, s, s + n, b, start, stop)) {
                    throw CANNOT;
                }
            }
            if (keyCount - firstKey >= MAX_SKIMMED_KEYS) {
                throw CANNOT;
            }
            if (2 * keyCount + 2 > keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
            }
            keys[2 * keyCount] = start;
            keys[2 * keyCount + 1] = stop;
            keyCount++;
        }

        JsonNode array() {
            if (++depth > MAX_DEPTH) {
                throw CANNOT;
            }
            ArrayNode a = build ? Json.NODES.arrayNode() : null;
            int c = next();
            if (c != ']') {
                while (true) {
                    JsonNode v = value(c);
                    if (build) {
                        a.add(v);
                    }
                    c = next();
                    if (c == ',') {
                        c = next();
                    } else if (c == ']') {
                        break;
                    } else {
                        throw CANNOT;
                    }
                }
            }
            depth--;
            return a;
        }
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The length of the well-formed UTF-8 sequence of two or more bytes at {@code p} (RFC 3629). */
    private static int utf8(byte[] b, int p, int end) {
        int c = b[p] & 0xff;
        if (c < 0xC2) {
            throw CANNOT; // a continuation byte, or an overlong lead
        }
        if (c < 0xE0) {
            cont(b, p + 1, end);
            return 2;
        }
        if (c < 0xF0) {
            int c1 = p + 1 < end ? b[p + 1] & 0xff : 0;
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
                throw CANNOT; // overlong, or an encoded surrogate
            }
            cont(b, p + 1, end);
            cont(b, p + 2, end);
            return 3;
        }
        if (c < 0xF5) {
            int c1 = p + 1 < end ? b[p + 1] & 0xff : 0;
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
                throw CANNOT; // overlong, or past U+10FFFF
            }
            cont(b, p + 1, end);
            cont(b, p + 2, end);
            cont(b, p + 3, end);
            return 4;
        }
        throw CANNOT;
    }

    private static void cont(byte[] b, int i, int end) {
        if (i >= end || (b[i] & 0xC0) != 0x80) {
            throw CANNOT;
        }
    }

    // ------------------------------------------------------------------------------------ writing

    /**
     * The bytes {@code Json.MAPPER.writeValueAsBytes(node)} writes, or null when this writer cannot
     * vouch for them (a node of another kind than it writes, a lone surrogate, nesting past
     * {@value #MAX_DEPTH}).
     */
    public static byte[] write(JsonNode node) {
        if (node == null) {
            return null;
        }
        Writer w = new Writer();
        if (!w.value(node, 0)) {
            return null;
        }
        return Arrays.copyOf(w.out, w.n);
    }

    /** ASCII characters the mapper escapes, with the letter of their short escape ('u': {@code \\u00XX}). */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private static final class Writer {
        byte[] out = new byte[256];
        int n;

        void ensure(int more) {
            if (n + more > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + more));
            }
        }

        void put(byte c) {
            ensure(1);
            out[n++] = c;
        }

        void put(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, out, n, bytes.length);
            n += bytes.length;
        }

        boolean value(JsonNode node, int depth) {
            Class<?> k = node.getClass();
            if (k == ObjectNode.class) {
                if (depth >= MAX_DEPTH) {
                    return false;
                }
                put((byte) '{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    if (!first) {
                        put((byte) ',');
                    }
                    first = false;
                    if (!string(e.getKey())) {
                        return false;
                    }
                    put((byte) ':');
                    if (!value(e.getValue(), depth + 1)) {
                        return false;
                    }
                }
                put((byte) '}');
                return true;
            }
            if (k == ArrayNode.class) {
                if (depth >= MAX_DEPTH) {
                    return false;
                }
                put((byte) '[');
                for (int i = 0, size = node.size(); i < size; i++) {
                    if (i > 0) {
                        put((byte) ',');
                    }
                    if (!value(node.get(i), depth + 1)) {
                        return false;
                    }
                }
                put((byte) ']');
                return true;
            }
            if (k == StringNode.class) {
                return string(node.stringValue());
            }
            if (k == IntNode.class) {
                return ascii(Integer.toString(node.intValue()));
            }
            if (k == LongNode.class) {
                return ascii(Long.toString(node.longValue()));
            }
            if (k == BooleanNode.class) {
                put(node.booleanValue() ? TRUE : FALSE);
                return true;
            }
            if (k == NullNode.class) {
                put(NULL);
                return true;
            }
            return false;
        }

        boolean ascii(String s) {
            int len = s.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                out[n++] = (byte) s.charAt(i);
            }
            return true;
        }

        boolean string(String s) {
            int len = s.length();
            ensure(2 + 6 * len);
            byte[] o = out;
            int j = n;
            o[j++] = '"';
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    byte e = ESCAPES[c];
                    if (e == 0) {
                        o[j++] = (byte) c;
                    } else {
                        o[j++] = '\\';
                        o[j++] = e;
                        if (e == 'u') {
                            o[j++] = '0';
                            o[j++] = '0';
                            o[j++] = HEX[c >> 4];
                            o[j++] = HEX[c & 0xF];
                        }
                    }
                } else if (c < 0x800) {
                    o[j++] = (byte) (0xC0 | (c >> 6));
                    o[j++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || i + 1 == len || !Character.isLowSurrogate(s.charAt(i + 1))) {
                        return false; // a lone surrogate: the mapper's own escape
                    }
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    o[j++] = (byte) (0xF0 | (cp >> 18));
                    o[j++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    o[j++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    o[j++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    o[j++] = (byte) (0xE0 | (c >> 12));
                    o[j++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    o[j++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            o[j++] = '"';
            n = j;
            return true;
        }
    }
}
