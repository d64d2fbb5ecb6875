package dev.mcppol.runtime.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Paths as a server reads them, for the {@code under} operator. A policy that compares raw prefixes
 * admits {@code /data/work/../other/secret.txt} under {@code /data/work/}; this class normalises the
 * path first: {@code .} and empty segments dropped, {@code ..} removes the segment before it (at the
 * root it stays at the root, as POSIX does), a trailing separator ignored.
 *
 * <p>A path whose reading depends on the server is <em>ambiguous</em>, and a call that an
 * {@code under} test reads it in is denied (fail closed): a NUL byte; a backslash (a separator on
 * Windows, a character on POSIX); anything not absolute (relative paths resolve against the server's
 * working directory, {@code ~} against a home directory); a {@code file:} URI with a host other than
 * {@code localhost}, a percent-encoded separator or NUL, or a bad escape; any other URI.
 */
public final class Paths {
    private Paths() {
    }

    /** The normal form of an absolute path or {@code file:} URI, or null when its reading is ambiguous. */
    public static String normal(String value) {
        String path = value;
        if (value.regionMatches(true, 0, "file:", 0, 5)) {
            path = fileUriPath(value.substring(5));
            if (path == null) {
                return null;
            }
        }
        if (!path.startsWith("/") || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return null;
        }
        Deque<String> segs = new ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segs.pollLast();
            } else {
                segs.addLast(s);
            }
        }
        return segs.isEmpty() ? "/" : "/" + String.join("/", segs);
    }

    public static boolean ambiguous(String value) {
        return normal(value) == null;
    }

    /**
     * True when an {@code under} test with {@code normalBase} cannot read the value: a base written as a
     * {@code file:} URI reads values as URIs ({@link FileUris}), a path base as paths.
     */
    public static boolean ambiguous(String value, String normalBase) {
        return FileUris.isFileBase(normalBase) ? FileUris.ambiguous(value) : ambiguous(value);
    }

    /**
     * The normal form of a base as the policy wrote it (a path, or a {@code file:} URI read as
     * {@link FileUris} does), or null when it is not one.
     */
    public static String normalBase(String base) {
        return base.regionMatches(true, 0, "file:", 0, 5) ? FileUris.normalBase(base) : normal(base);
    }

    /** True when {@code value} is at or below {@code normalBase} (false when ambiguous: the caller denies those). */
    public static boolean under(String value, String normalBase) {
        if (FileUris.isFileBase(normalBase)) {
            return FileUris.under(value, normalBase);
        }
        String n = normal(value);
        if (n == null) {
            return false;
        }
        return normalBase.equals("/") || n.equals(normalBase) || n.startsWith(normalBase + "/");
    }

    /** The path of a {@code file:} URI (after {@code file:}), percent-decoded; null when ambiguous. */
    private static String fileUriPath(String rest) {
        String encoded;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                return null; // a UNC share or another machine
            }
            encoded = slash < 0 ? "/" : rest.substring(slash);
        } else {
            encoded = rest;
        }
        if (encoded.indexOf('?') >= 0 || encoded.indexOf('#') >= 0) {
            return null;
        }
        String lower = encoded.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
            return null; // an encoded separator or NUL: one more level of reading, read differently
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    b = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
