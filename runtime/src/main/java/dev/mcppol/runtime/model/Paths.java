package dev.mcppol.runtime.model;

import java.util.ArrayDeque;
import java.util.Deque;

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
 * {@code localhost}, a port, user, query or fragment, a character outside RFC 3986's path characters,
 * a percent-encoded separator or NUL, or a bad or non-UTF-8 escape ({@link FileUris#decodedPath}); any
 * other URI.
 */
public final class Paths {
    private Paths() {
    }

    /** The normal form of an absolute path or {@code file:} URI, or null when its reading is ambiguous. */
    public static String normal(String value) {
        String path = value;
        if (value.regionMatches(true, 0, "file:", 0, 5)) {
            path = FileUris.decodedPath(value);
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
}
