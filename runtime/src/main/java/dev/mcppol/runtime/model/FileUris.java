package dev.mcppol.runtime.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code under} with a base written as a {@code file:} URI ({@code uri under "file:///data/work"}): the
 * value must be a local {@code file:} URI, read strictly, since a resource URI reaches a server's URL
 * parser and then its file system, two readings that must agree.
 *
 * <ul>
 * <li>A URI of another scheme ({@code demo://x}, {@code https://h/p}) is certainly not a file: the test is
 *     false, and the request is not refused for it;</li>
 * <li><em>ambiguous</em> (the request is denied, fail closed): no scheme (a relative reference, resolved
 *     against a base the server picks); a one-letter scheme ({@code C:/x}: a Windows drive); a host other
 *     than {@code localhost}; a port, user, query or fragment; a character outside RFC 3986's path
 *     characters (raw spaces, non-ASCII, backslashes: parsers repair them differently); a bad escape or
 *     one that does not decode to UTF-8; an encoded {@code /}, {@code \} or NUL; and any {@code ..}
 *     segment, plain or encoded ({@code %2e%2e}): a server may resolve it lexically, through a symbolic
 *     link, or not at all.</li>
 * </ul>
 * {@code .} and empty segments are dropped, as every reader does.
 */
public final class FileUris {
    private FileUris() {
    }

    /**
     * The normal form of a {@code file:} base: {@code file://} and its normal absolute path, each byte
     * outside RFC 3986's path characters percent-encoded (upper case); null if ambiguous.
     */
    public static String normalBase(String base) {
        String p = path(base);
        if (p == null) {
            return null;
        }
        StringBuilder out = new StringBuilder("file://");
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && pathChar(c)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** True for a base in the form {@link #normalBase} gives. */
    public static boolean isFileBase(String normalBase) {
        return normalBase.startsWith("file:");
    }

    /** True when no decision can rest on the value's reading. */
    public static boolean ambiguous(String value) {
        return !otherScheme(value) && path(value) == null;
    }

    /** True when the value is a {@code file:} URI at or below the base (a {@link #normalBase}). */
    public static boolean under(String value, String normalBase) {
        if (otherScheme(value)) {
            return false;
        }
        String p = path(value);
        if (p == null) {
            return false;
        }
        String base = path(normalBase);
        return base.equals("/") || p.equals(base) || p.startsWith(base + "/");
    }

    /** A scheme of two or more characters that is not {@code file}. */
    private static boolean otherScheme(String value) {
        int colon = schemeEnd(value);
        return colon >= 2 && !(colon == 4 && value.regionMatches(true, 0, "file", 0, 4));
    }

    /** The index of the colon ending the URI's scheme, or -1 when it has none. */
    private static int schemeEnd(String value) {
        if (value.isEmpty() || !isAsciiLetter(value.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** The normal decoded path of a local {@code file:} URI, or null when the reading is ambiguous. */
    private static String path(String value) {
        String decoded = decodedPath(value);
        if (decoded == null) {
            return null;
        }
        Deque<String> segs = new ArrayDeque<>();
        for (String s : decoded.split("/")) {
            if (s.equals("..")) {
                return null;
            }
            if (!s.isEmpty() && !s.equals(".")) {
                segs.addLast(s);
            }
        }
        return segs.isEmpty() ? "/" : "/" + String.join("/", segs);
    }

    /**
     * The percent-decoded path of a local {@code file:} URI, {@code .} and {@code ..} still in it (a
     * path base normalises them, {@link Paths}); null when the URI's reading is ambiguous.
     */
    static String decodedPath(String value) {
        if (schemeEnd(value) != 4 || !value.regionMatches(true, 0, "file", 0, 4)) {
            return null;
        }
        String rest = value.substring(5);
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            if (slash < 0) {
                return null;
            }
            String host = rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                return null;
            }
            rest = rest.substring(slash);
        }
        if (!rest.startsWith("/")) {
            return null;
        }
        return decode(rest);
    }

    /** Percent-decodes RFC 3986 path characters to UTF-8 text; null for anything else or an encoded separator. */
    private static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                int b = hi * 16 + lo;
                if (b == '/' || b == '\\' || b == 0) {
                    return null; // one more level of reading, read differently
                }
                out.write(b);
                i += 2;
            } else if (pathChar(c)) {
                out.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** RFC 3986 {@code pchar} without {@code %}, and {@code /}. */
    private static boolean pathChar(char c) {
        return isAsciiLetter(c) || c >= '0' && c <= '9' || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }
}
