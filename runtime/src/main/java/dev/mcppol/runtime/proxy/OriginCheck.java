package dev.mcppol.runtime.proxy;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MCP's Streamable HTTP transport requires servers to validate {@code Origin}, against DNS
 * rebinding: a web page must not reach a local proxy through the browser. A request without
 * {@code Origin} comes from a non-browser client and passes; one with a loopback origin passes; any
 * other needs {@code --allow-origin}.
 */
final class OriginCheck {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private final List<String> allowed;

    OriginCheck(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginCheck::normal).toList();
    }

    boolean allows(String origin) {
        if (origin == null || allowed.contains("*") || allowed.contains(normal(origin))) {
            return true;
        }
        try {
            URI u = URI.create(origin);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && LOOPBACK.contains(u.getHost().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normal(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
