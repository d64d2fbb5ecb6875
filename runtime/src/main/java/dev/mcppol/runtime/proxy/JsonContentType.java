package dev.mcppol.runtime.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one {@code Content-Type} the proxy accepts on a POSTed message: {@code application/json}, with
 * no {@code charset} or {@code charset=utf-8}. Servers decode the body by that header (the SDK's
 * SSE transport, an Express {@code express.json()} in front of the SDK, older SDK releases: iconv,
 * which knows UTF-7, UTF-16, Latin-1 …), while the policy was decided on the body read as UTF-8. In
 * UTF-7, {@code "+AGQ-elete_file"} is {@code "delete_file"}: a tool the policy never saw. So any other
 * charset, any other media type, a header given twice or one that does not parse is refused, and the
 * server is sent the proxy's own {@code Content-Type: application/json}, never the agent's.
 */
final class JsonContentType {
    private JsonContentType() {
    }

    /** What the server is told the forwarded body is: exactly what the policy read it as. */
    static final String FORWARDED = "application/json";

    /**
     * Why the {@code Content-Type} values of a POST are refused, or null when the body may be read
     * as UTF-8 JSON. No header at all is accepted: the server then gets {@link #FORWARDED}.
     */
    static String problem(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            return "Content-Type is given " + values.size() + " times; send it once, as application/json";
        }
        String[] parts = values.get(0).split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return "Content-Type must be application/json (UTF-8)";
        }
        Set<String> names = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq <= 0) {
                return "Content-Type has a parameter that does not parse; send application/json";
            }
            String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(param.substring(eq + 1).strip());
            if (value == null || !names.add(name)) {
                return "Content-Type has a parameter that does not parse or is given twice; send application/json";
            }
            if (name.equals("charset") && !value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
                return "Content-Type charset must be utf-8 (the policy reads the body as UTF-8; the server must too)";
            }
        }
        return null;
    }

    /** A parameter value as a token or a quoted string without escapes; null when it is neither. */
    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            String inner = v.substring(1, v.length() - 1);
            return inner.indexOf('"') >= 0 || inner.indexOf('\\') >= 0 ? null : inner;
        }
        return v.isEmpty() || v.indexOf('"') >= 0 ? null : v;
    }
}
