package dev.mcppol.runtime.log;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What makes a key or a string secret, for {@link Redactor}. Keys are split into words (separators
 * and camelCase), so {@code db_pass}, {@code X-Auth-Token} and {@code sessionId} match while
 * {@code author}, {@code compass} and {@code pinned} do not. Values are searched for well-known secret
 * shapes (JWTs, bearer tokens, PEM private keys, cloud keys, passwords in URLs and DSNs); only the
 * matched part is replaced. RE2: linear time on any input.
 */
final class SecretPatterns {
    private SecretPatterns() {
    }

    /** Substrings that mark a key as secret wherever they occur in it. */
    private static final java.util.regex.Pattern SECRET_KEY = java.util.regex.Pattern.compile(
            "token|passw(or)?d|passphrase|secret|authori[sz]ation|api[_-]?key|apikey|cookie|credential|"
                    + "private[_-]?key|privkey|access[_-]?key|session[_-]?(key|id)|bearer|ssh[_-]?key|jwt",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    /** Whole words of a key that mark it as secret (too short to match as substrings). */
    private static final Set<String> SECRET_WORDS = Set.of("pwd", "pass", "auth", "otp", "pin", "pat", "sid",
            "totp", "mfa", "dsn");
    /** Protocol correlation ids, not secrets: keeping them keeps a recording readable. */
    private static final Set<String> NOT_SECRET = Set.of("progressToken", "nextCursor", "cursor");

    static boolean secretKey(String key) {
        if (NOT_SECRET.contains(key)) {
            return false;
        }
        if (SECRET_KEY.matcher(key).find()) {
            return true;
        }
        for (String w : key.split("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")) {
            if (SECRET_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** A whole-match pattern, and the group to keep before and after the secret (0: none). */
    private record Shape(Pattern pattern, int keepBefore, int keepAfter) {
    }

    private static final List<Shape> SHAPES = List.of(
            // PEM private keys, whole block.
            new Shape(Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)-----END [A-Z0-9 ]*PRIVATE KEY-----"), 0, 0),
            // JWTs (header.payload.signature, base64url).
            new Shape(Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), 0, 0),
            // Authorization-style values: Bearer/Basic/Token credentials.
            new Shape(Pattern.compile("(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}"), 1, 0),
            new Shape(Pattern.compile("(\\bBasic\\s+)[A-Za-z0-9+/]{12,}={0,2}"), 1, 0),
            // A password in a URL or DSN: scheme://user:password@host.
            new Shape(Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]+(@)"), 1, 2),
            // key=value pairs in connection strings and query strings.
            new Shape(Pattern.compile("(?i)(\\b(?:password|passwd|pwd|pass|secret|token|api[_-]?key|access[_-]?key)"
                    + "\\s*=\\s*)[^\\s;&,\"']+"), 1, 0),
            new Shape(Pattern.compile("(?i)(\\b(?:password|passwd|passphrase)\\s*:\\s*)[^\\s;&,\"']+"), 1, 0),
            // Cloud and service keys with a fixed shape.
            new Shape(Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0, 0),
            new Shape(Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}"), 0, 0),
            new Shape(Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"), 0, 0),
            new Shape(Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"), 0, 0),
            new Shape(Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"), 0, 0),
            new Shape(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), 0, 0),
            new Shape(Pattern.compile("\\b[sr]k_(?:live|test)_[0-9A-Za-z]{16,}"), 0, 0),
            new Shape(Pattern.compile("\\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"), 0, 0));

    /** The string with every secret-shaped part replaced by the marker, or the same instance when none. */
    static String redactValue(String s, String marker) {
        String out = s;
        for (Shape shape : SHAPES) {
            Matcher m = shape.pattern().matcher(out);
            if (!m.find()) {
                continue;
            }
            StringBuilder b = new StringBuilder(out.length());
            int last = 0;
            do {
                b.append(out, last, m.start());
                if (shape.keepBefore() > 0) {
                    b.append(m.group(shape.keepBefore()));
                }
                b.append(marker);
                if (shape.keepAfter() > 0) {
                    b.append(m.group(shape.keepAfter()));
                }
                last = m.end();
            } while (m.find());
            out = b.append(out, last, out.length()).toString();
        }
        return out;
    }

    /** {@code "Authorization: Bearer x"}-style header lines: the value after a secret header name. */
    static String redactHeaderLine(String s, String marker) {
        int colon = s.indexOf(':');
        if (colon > 0 && colon < 64 && !s.substring(0, colon).contains(" ") && secretKey(s.substring(0, colon))
                && !s.startsWith("http")) {
            return s.substring(0, colon + 1) + " " + marker;
        }
        return s;
    }
}
