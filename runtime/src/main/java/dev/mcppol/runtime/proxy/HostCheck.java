package dev.mcppol.runtime.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DNS rebinding defence for every path of the HTTP listener ({@code /mcp}, {@code /metrics},
 * {@code /healthz}): a web page that rebinds its own name to 127.0.0.1 talks to the proxy as a
 * same-origin page, with no {@code Origin} header on a GET, but its {@code Host} header still carries
 * the attacker's name. Accepted: IP literals (a rebinding needs a name), {@code localhost}, the
 * listen host, and the names given with {@code --allow-host} ({@code *} accepts any).
 */
final class HostCheck {
    private final Set<String> names;
    private final boolean any;

    HostCheck(String listenHost, List<String> allowed) {
        java.util.HashSet<String> n = new java.util.HashSet<>();
        n.add("localhost");
        n.add(normal(listenHost));
        for (String a : allowed) {
            n.add(normal(a));
        }
        this.any = n.contains("*");
        this.names = Set.copyOf(n);
    }

    boolean allows(String hostHeader) {
        if (any) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false; // HTTP/1.1 requires Host; HTTP/1.0 clients are not MCP clients
        }
        String h = hostOnly(hostHeader.trim());
        return names.contains(h) || isIpLiteral(h);
    }

    private static String hostOnly(String hostHeader) {
        String h = hostHeader.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    private static String normal(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.contains(":") && !h.startsWith("[") && h.indexOf(':') != h.lastIndexOf(':')) {
            return "[" + h + "]"; // a bare IPv6 listen address, as a Host header writes it
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean isIpLiteral(String h) {
        if (h.startsWith("[") && h.endsWith("]")) {
            return h.length() > 2 && h.substring(1, h.length() - 1).matches("[0-9a-f:.]+");
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
