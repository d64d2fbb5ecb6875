package dev.mcppol.runtime.proxy.wire;

import java.util.Locale;
import org.eclipse.jetty.http.HttpURI;

/**
 * A request target as RFC 9112 §3.2 reads it: origin-form ({@code /mcp?x}), or absolute-form
 * ({@code http://host:port/mcp?x}), which a server must accept although clients send it only to
 * proxies — its authority then replaces the Host header, so the host check reads that. Any other form
 * (authority-form, asterisk-form, an absolute URI with user info or of another scheme) has no path
 * here and reaches no handler's endpoint.
 */
record RequestTarget(String path, String authority) {

    private static final RequestTarget NONE = new RequestTarget("", null);

    static RequestTarget of(String target) {
        if (target.startsWith("/")) {
            int q = target.indexOf('?');
            return new RequestTarget(q < 0 ? target : target.substring(0, q), null);
        }
        String lower = target.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return NONE;
        }
        HttpURI uri = HttpURI.from(target);
        String host = uri.getHost();
        // User info in a request target is deprecated (RFC 9110 §4.2.4) and names no host of its own: refused.
        if (uri.hasViolations() || host == null || host.isEmpty() || uri.getUser() != null) {
            return NONE;
        }
        String path = uri.getPath();
        return new RequestTarget(path == null || path.isEmpty() ? "/" : path,
                uri.getPort() > 0 ? host + ":" + uri.getPort() : host);
    }
}
