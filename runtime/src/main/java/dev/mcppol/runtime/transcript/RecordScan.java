package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A record line read character by character, without a JSON parser: the first and cheapest of the
 * reader's three ways to read a line ({@link TranscriptReader#parseLine}). Creating a parser for every
 * line, tokenizing through it and checking keys through a wrapper cost a replay most of its reading
 * time, and the parsers' shared buffer pool made two jobs wait on each other.
 *
 * <p>It reads only the plainest JSON, and only in the shapes {@link TranscriptReader#scanned} reads: keys
 * without escapes, integers within {@code long} (no decimals at all), nesting no deeper than
 * {@value #MAX_DEPTH}, at most {@value #MAX_KEYS} keys in an object. Anything else, valid or not, and
 * it gives up ({@link #read} is false), leaving the line to the slower readings, which decide it and
 * report its errors. A value it does read, it reads as {@link Json#MAPPER} does: an integer as an
 * {@code int} node when it fits, else a {@code long} one; a string with its escapes resolved; a key
 * repeated in any object, at any depth, is an error (so it gives up). One instance per reader: it
 * keeps its arrays from line to line.
 */
final class RecordScan {
    static final int MAX_DEPTH = 64;
    static final int MAX_KEYS = 64;
    private static final int MAX_KEY_CHARS = 1000;

    /** Thrown to give up; caught in {@link #read}. */
    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super("the scan gives up", null, false, false);
        }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    private static final int DIR = 1;
    private static final int MSG = 2;

    // What the last line read held (valid after read gave true).
    /** Whether it has {@code t}, and its value. */
    boolean hasT;
    long t;
    /** True for c2s. */
    boolean clientToServer;
    /** A client's message, as a tree; null for a server's answer. */
    JsonNode msg;
    /** A server's answer: its id, and whether the proxy gave it. */
    JsonNode answerId;
    boolean own;
    boolean hasSession;
    String session;
    boolean hasIdentity;
    String identity;
    boolean hasClaims;
    JsonNode claims;
    /** The {@code expect} string, or null. */
    String expect;

    private char[] s;
    private int pos;
    private int end;
    private int depth;
    /** Where each key of the open objects is in the line (start, length), for the check against repeats. */
    private int[] keyStart = new int[256];
    private int[] keyLength = new int[256];
    /** Each key's {@link String#hashCode}, computed as it is read. */
    private int[] keyHash = new int[256];
    private int keys;
    /**
     * Keys and string values met before: most repeat from line to line, and a tree's keys then come with
     * their hash already computed (hashing new keys cost a tenth of a replay's time).
     */
    private final Strings names = new Strings();
    private final Strings values = new Strings();

    /**
     * Reads the line {@code line[from, to)}; false when it gives up. {@code lastT} is the time of the
     * record before: a {@code t} before it is left to the tree reading, which reports it.
     */
    boolean read(char[] line, int from, int to, long lastT) {
        s = line;
        pos = from;
        end = to;
        depth = 0;
        keys = 0;
        hasT = false;
        msg = null;
        answerId = null;
        own = false;
        hasSession = false;
        session = null;
        hasIdentity = false;
        identity = null;
        hasClaims = false;
        claims = null;
        expect = null;
        try {
            return record(lastT);
        } catch (GiveUp e) {
            return false;
        } finally {
            s = null;
        }
    }

    private boolean record(long lastT) {
        ws();
        if (next() != '{') {
            return false;
        }
        int seen = 0;
        int base = openObject();
        ws();
        if (peek() == '}') {
            return false; // no msg
        }
        while (true) {
            int k = key(base);
            int len = keyLength[k];
            int at = keyStart[k];
            ws();
            if (len == 1 && s[at] == 't') {
                if (!isNumberStart(peek())) {
                    return false;
                }
                long v = integer();
                if (v < lastT) {
                    return false;
                }
                hasT = true;
                t = v;
            } else if (is(at, len, "dir")) {
                String d = stringOrGiveUp();
                if (d.equals(TranscriptFormat.C2S)) {
                    clientToServer = true;
                } else if (d.equals(TranscriptFormat.S2C)) {
                    clientToServer = false;
                } else {
                    return false;
                }
                seen |= DIR;
            } else if (is(at, len, "session")) {
                hasSession = true;
                session = stringOrNull();
            } else if (is(at, len, "identity")) {
                hasIdentity = true;
                identity = stringOrNull();
            } else if (is(at, len, "claims")) {
                hasClaims = true;
                if (peek() == '{') {
                    claims = value(true);
                } else {
                    literal("null");
                    claims = null;
                }
            } else if (is(at, len, "expect")) {
                expect = stringOrGiveUp();
            } else if (is(at, len, "msg")) {
                if ((seen & DIR) == 0 || peek() != '{') {
                    return false;
                }
                if (clientToServer) {
                    msg = value(true);
                } else {
                    answer();
                }
                seen |= MSG;
            } else {
                return false;
            }
            ws();
            char c = next();
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return false;
            }
            ws();
        }
        closeObject(base);
        ws();
        return pos == end && (seen & MSG) != 0 && !(expect != null && !clientToServer);
    }

    /**
     * A server's answer, read as {@link RecordedAnswer#skim} reads it: its id as a tree, whether it is the
     * proxy's own, the rest only checked.
     */
    private void answer() {
        next(); // {
        int base = openObject();
        boolean answer = false;
        ws();
        if (peek() != '}') {
            while (true) {
                int k = key(base);
                int len = keyLength[k];
                int at = keyStart[k];
                ws();
                if (is(at, len, "method")) {
                    throw GIVE_UP;
                } else if (is(at, len, "jsonrpc")) {
                    if (!"2.0".equals(stringOrGiveUp())) {
                        throw GIVE_UP;
                    }
                } else if (is(at, len, "id")) {
                    answerId = value(true);
                } else if (is(at, len, "result")) {
                    answer = true;
                    own |= holds("_meta");
                } else if (is(at, len, "error")) {
                    answer = true;
                    own |= holds("data");
                } else {
                    value(false);
                }
                ws();
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw GIVE_UP;
                }
                ws();
            }
        } else {
            next();
        }
        closeObject(base);
        if (answerId == null || !answer) {
            throw GIVE_UP;
        }
    }

    /**
     * Reads the value here; whether it is an object whose member {@code member} is an object holding
     * the decision ({@link JsonRpc#META_KEY}).
     */
    private boolean holds(String member) {
        if (peek() != '{') {
            value(false);
            return false;
        }
        next();
        int base = openObject();
        boolean found = false;
        ws();
        if (peek() == '}') {
            next();
            closeObject(base);
            return false;
        }
        while (true) {
            int k = key(base);
            int len = keyLength[k];
            int at = keyStart[k];
            ws();
            if (is(at, len, member) && peek() == '{') {
                next();
                int inner = openObject();
                ws();
                if (peek() == '}') {
                    next();
                } else {
                    while (true) {
                        int ik = key(inner);
                        if (is(keyStart[ik], keyLength[ik], JsonRpc.META_KEY)) {
                            found = true;
                        }
                        ws();
                        value(false);
                        ws();
                        char c = next();
                        if (c == '}') {
                            break;
                        }
                        if (c != ',') {
                            throw GIVE_UP;
                        }
                        ws();
                    }
                }
                closeObject(inner);
            } else {
                value(false);
            }
            ws();
            char c = next();
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw GIVE_UP;
            }
            ws();
        }
        closeObject(base);
        return found;
    }

    /** The value here; its tree when {@code build}, else null (only checked). */
    private JsonNode value(boolean build) {
        char c = peek();
        switch (c) {
            case '{':
                return object(build);
            case '[':
                return array(build);
            case '"': {
                next();
                String v = string(build);
                return build ? Json.NODES.stringNode(v) : null;
            }
            case 't':
                literal("true");
                return build ? Json.NODES.booleanNode(true) : null;
            case 'f':
                literal("false");
                return build ? Json.NODES.booleanNode(false) : null;
            case 'n':
                literal("null");
                return build ? Json.NODES.nullNode() : null;
            default:
                if (!isNumberStart(c)) {
                    throw GIVE_UP;
                }
                long v = integer();
                if (!build) {
                    return null;
                }
                return v == (int) v ? Json.NODES.numberNode((int) v) : Json.NODES.numberNode(v);
        }
    }

    private JsonNode object(boolean build) {
        next(); // {
        int base = openObject();
        ObjectNode o = build ? Json.NODES.objectNode() : null;
        ws();
        if (peek() == '}') {
            next();
        } else {
            while (true) {
                int k = key(base);
                ws();
                JsonNode v = value(build);
                if (build) {
                    o.set(names.get(s, keyStart[k], keyLength[k], keyHash[k]), v);
                }
                ws();
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw GIVE_UP;
                }
                ws();
            }
        }
        closeObject(base);
        return o;
    }

    private JsonNode array(boolean build) {
        next(); // [
        if (++depth > MAX_DEPTH) {
            throw GIVE_UP;
        }
        ArrayNode a = build ? Json.NODES.arrayNode() : null;
        ws();
        if (peek() == ']') {
            next();
        } else {
            while (true) {
                JsonNode v = value(build);
                if (build) {
                    a.add(v);
                }
                ws();
                char c = next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw GIVE_UP;
                }
                ws();
            }
        }
        depth--;
        return a;
    }

    /** Enters an object; where its keys start. */
    private int openObject() {
        if (++depth > MAX_DEPTH) {
            throw GIVE_UP;
        }
        return keys;
    }

    private void closeObject(int base) {
        depth--;
        keys = base;
    }

    /**
     * Reads a key (at its opening quote) and the colon after it; its slot in the key arrays. A key with an
     * escape, a control character or one already in the object ({@code base} on) gives up.
     */
    private int key(int base) {
        if (next() != '"') {
            throw GIVE_UP;
        }
        int start = pos;
        int h = 0;
        char c;
        while ((c = at(pos)) != '"') {
            if (c == '\\' || c < 0x20) {
                throw GIVE_UP;
            }
            h = 31 * h + c;
            pos++;
        }
        int len = pos - start;
        pos++;
        if (len > MAX_KEY_CHARS || keys - base >= MAX_KEYS) {
            throw GIVE_UP;
        }
        for (int i = base; i < keys; i++) {
            if (keyHash[i] == h && keyLength[i] == len && same(keyStart[i], start, len)) {
                throw GIVE_UP; // a repeated key: the tree reading reports it
            }
        }
        if (keys == keyStart.length) {
            keyStart = java.util.Arrays.copyOf(keyStart, keys * 2);
            keyLength = java.util.Arrays.copyOf(keyLength, keys * 2);
            keyHash = java.util.Arrays.copyOf(keyHash, keys * 2);
        }
        keyStart[keys] = start;
        keyLength[keys] = len;
        keyHash[keys] = h;
        ws();
        if (next() != ':') {
            throw GIVE_UP;
        }
        return keys++;
    }

    private boolean is(int at, int len, String name) {
        return len == name.length() && startsWith(name, at);
    }

    /** Whether the line holds the same {@code len} characters at {@code a} and at {@code b}. */
    private boolean same(int a, int b, int len) {
        for (int i = 0; i < len; i++) {
            if (s[a + i] != s[b + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Strings of a reader's lines, each kept once: the last one met in each of {@value #SLOTS} slots (by
     * hash), short ones only, so what is kept stays small whatever the file holds.
     */
    private static final class Strings {
        private static final int SLOTS = 1024;
        private static final int MAX_CHARS = 64;
        private final String[] slots = new String[SLOTS];

        /** The text {@code chars[start, start + len)}, whose {@link String#hashCode} is {@code h}. */
        String get(char[] chars, int start, int len, int h) {
            if (len > MAX_CHARS) {
                return new String(chars, start, len);
            }
            int i = (h ^ h >>> 10) & (SLOTS - 1);
            String known = slots[i];
            if (known != null && known.hashCode() == h && equal(known, chars, start, len)) {
                return known;
            }
            String fresh = new String(chars, start, len);
            slots[i] = fresh;
            return fresh;
        }

        private static boolean equal(String known, char[] chars, int start, int len) {
            if (known.length() != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (known.charAt(i) != chars[start + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether the line holds {@code word} at {@code at}. */
    private boolean startsWith(String word, int at) {
        if (at + word.length() > end) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (s[at + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The string here (at its opening quote). */
    private String stringOrGiveUp() {
        if (next() != '"') {
            throw GIVE_UP;
        }
        return string(true);
    }

    /** A string or null here. */
    private String stringOrNull() {
        if (peek() == 'n') {
            literal("null");
            return null;
        }
        return stringOrGiveUp();
    }

    /**
     * The rest of a string after its opening quote, escapes resolved as JSON has them (the value when
     * {@code build}, else null). A raw control character, or an escape JSON does not have, gives up.
     */
    private String string(boolean build) {
        int start = pos;
        int h = 0;
        char c;
        while ((c = at(pos)) != '"') {
            if (c == '\\') {
                return escaped(start, build);
            }
            if (c < 0x20) {
                throw GIVE_UP;
            }
            h = 31 * h + c;
            pos++;
        }
        pos++;
        return build ? values.get(s, start, pos - 1 - start, h) : null;
    }

    private String escaped(int start, boolean build) {
        StringBuilder b = build ? new StringBuilder(pos - start + 16).append(s, start, pos - start) : null;
        char c;
        while ((c = at(pos++)) != '"') {
            if (c < 0x20) {
                throw GIVE_UP;
            }
            if (c == '\\') {
                char e = at(pos++);
                switch (e) {
                    case '"', '\\', '/' -> c = e;
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'u' -> {
                        int v = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = hex(at(pos++));
                            if (d < 0) {
                                throw GIVE_UP;
                            }
                            v = v << 4 | d;
                        }
                        c = (char) v;
                    }
                    default -> throw GIVE_UP;
                }
            }
            if (build) {
                b.append(c);
            }
        }
        return build ? b.toString() : null;
    }

    /** An ASCII hex digit's value, as JSON has them; else -1. */
    private static int hex(char c) {
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

    private static boolean isNumberStart(char c) {
        return c == '-' || (c >= '0' && c <= '9');
    }

    /**
     * An integer of at most 18 digits: no leading zero, no fraction, no exponent (each gives up, as
     * does a digit, letter or anything else but the end of the value after it).
     */
    private long integer() {
        boolean negative = at(pos) == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long v = 0;
        char c;
        while (pos < end && (c = s[pos]) >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > 18 || (digits > 1 && s[start] == '0')) {
            throw GIVE_UP;
        }
        if (pos < end && !delimiter(s[pos])) {
            throw GIVE_UP; // a fraction, an exponent, or garbage
        }
        return negative ? -v : v;
    }

    /** One of the JSON literals here, followed by the end of the value. */
    private void literal(String word) {
        if (!startsWith(word, pos)) {
            throw GIVE_UP;
        }
        pos += word.length();
        if (pos < end && !delimiter(s[pos])) {
            throw GIVE_UP;
        }
    }

    /** What may follow a number or a literal directly. */
    private static boolean delimiter(char c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private void ws() {
        char c;
        while (pos < end && ((c = s[pos]) == ' ' || c == '\t' || c == '\n' || c == '\r')) {
            pos++;
        }
    }

    /** The character at {@code i}; past the line's end, the scan gives up (the line is cut short). */
    private char at(int i) {
        if (i >= end) {
            throw GIVE_UP;
        }
        return s[i];
    }

    private char peek() {
        return at(pos);
    }

    private char next() {
        return at(pos++);
    }
}
