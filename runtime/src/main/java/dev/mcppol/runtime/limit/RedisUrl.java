package dev.mcppol.runtime.limit;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the shared limiter state lives: {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]}, or
 * {@code rediss://…} for TLS. Parsed strictly: anything else (a query, a fragment, a non-numeric
 * database) is an error, since a silently ignored setting would point replicas at different state.
 */
public record RedisUrl(String host, int port, int database, String user, String password, boolean tls) {

    public static final int DEFAULT_PORT = 6379;

    public static RedisUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // Not e.getMessage(): it quotes the input, password included.
            throw new IllegalArgumentException("not a Redis URL (" + e.getReason() + " at index " + e.getIndex() + "): "
                    + redact(text));
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://: " + redact(text));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("Redis URL has no host: " + redact(text));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Redis URL takes no query or fragment: " + redact(text));
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new RedisUrl(host, port, database(uri.getPath(), text), user(uri), password(uri), "rediss".equals(scheme));
    }

    private static int database(String path, String text) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String db = path.substring(1);
        if (!db.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("Redis URL database must be a number: " + redact(text));
        }
        return Integer.parseInt(db);
    }

    private static String user(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null || !info.contains(":") || info.startsWith(":")) {
            return null;
        }
        return decode(info.substring(0, info.indexOf(':')));
    }

    private static String password(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null) {
            return null;
        }
        // "redis://secret@host" is the legacy password-only form.
        return decode(info.contains(":") ? info.substring(info.indexOf(':') + 1) : info);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any password hidden, for messages and logs. */
    static String redact(String text) {
        return text.replaceAll("//[^@/]*@", "//***@");
    }

    /** host:port/db, never the credentials. */
    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + database;
    }
}
