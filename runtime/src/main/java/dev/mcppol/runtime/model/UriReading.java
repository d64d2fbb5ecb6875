package dev.mcppol.runtime.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * How a server may read a resource URI other than as written. The policy matches a request's URI as
 * its text (globs, {@code ==}, {@code endsWith}); a server parses it first — the TypeScript SDK looks
 * its resources up by {@code new URL(uri).toString()} (WHATWG URL), file servers decode the path.
 * WHATWG URL and RFC 3986 normalisation make {@code SECRET://a} into {@code secret://a},
 * {@code demo://x/a/../b} into {@code demo://x/b}, {@code %62} into {@code b}, a backslash into a slash
 * (special schemes), and drop tabs and line breaks anywhere. A request whose decision differs between
 * the URI as written and {@link #canonical} is ambiguous, and denied.
 */
public final class UriReading {
    private UriReading() {
    }

    /** The schemes WHATWG URL parses as hierarchical with backslashes as slashes. */
    private static final Set<String> SPECIAL = Set.of("file", "http", "https", "ws", "wss", "ftp");
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /**
     * The URI as a normalising reader reads it: no tabs or line breaks, no leading or trailing controls
     * or spaces, scheme (and a special scheme's host) in lower case, {@code file://localhost/} as
     * {@code file:///}, escapes of unreserved characters decoded, dot segments removed from a path
     * that starts with {@code /}. A URI without a scheme is returned as it is.
     */
    public static String canonical(String uri) {
        StringBuilder b = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                b.append(c);
            }
        }
        String s = strip(b.toString());
        int colon = s.indexOf(':');
        if (colon <= 0 || !isScheme(s.substring(0, colon))) {
            return s;
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        boolean special = SPECIAL.contains(scheme);
        String rest = s.substring(colon + 1);
        if (special) {
            rest = rest.replace('\\', '/');
        }
        int end = indexOfAny(rest, "?#", 0);
        String suffix = rest.substring(end);
        String hier = rest.substring(0, end);
        String authority = null;
        String path = hier;
        if (hier.startsWith("//")) {
            int slash = hier.indexOf('/', 2);
            authority = slash < 0 ? hier.substring(2) : hier.substring(2, slash);
            path = slash < 0 ? "" : hier.substring(slash);
            if (special) {
                authority = authority.toLowerCase(Locale.ROOT);
            }
            if (scheme.equals("file") && authority.equals("localhost")) {
                authority = "";
            }
        }
        path = decodeUnreserved(path);
        if (path.startsWith("/")) {
            path = removeDotSegments(path);
        }
        return scheme + ":" + (authority == null ? "" : "//" + authority) + path + suffix;
    }

    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isScheme(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** {@code %41} is {@code A}: escapes of unreserved characters mean the characters (RFC 3986 §6.2.2.2). */
    private static String decodeUnreserved(String path) {
        StringBuilder b = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int hi = hex(path.charAt(i + 1));
                int lo = hex(path.charAt(i + 2));
                if (hi >= 0 && lo >= 0 && UNRESERVED.indexOf((char) (hi * 16 + lo)) >= 0) {
                    b.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** RFC 3986 §5.2.4 on a path that starts with {@code /}: {@code .} and {@code ..} segments resolved. */
    private static String removeDotSegments(String path) {
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (seg.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out);
    }
}
