package dev.mcppol.runtime.limit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The limiter's Lua script, run by its SHA-1 so a call sends only keys and numbers. A server that
 * does not know the script (just started, restarted, or SCRIPT FLUSHed) gets the full text once,
 * which EVAL also caches; so a restarted Redis needs no action from us beyond that one fallback.
 */
final class RedisScript {

    private static final String RESOURCE = "redis-limiter.lua";

    private final String source;
    private final String sha1;

    private RedisScript(String source) {
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    static RedisScript limiter() {
        try (InputStream in = RedisScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " next to " + RedisScript.class);
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script on this connection and returns its reply (see {@link ScriptBatches}): by
     * SHA-1, or with the full text for a server that answered a run by SHA-1 with NOSCRIPT.
     */
    Object run(Connection c, boolean fullText, List<String> keys, List<String> args) {
        Pipeline p = new Pipeline(c);
        Response<Object> reply = fullText ? p.eval(source, keys, args) : p.evalsha(sha1, keys, args);
        p.sync();
        return reply.get();
    }

    /**
     * The failure of one call of a batch ({@code {-1, message}}: a Redis command failed for it), or
     * null when the entry is an answer.
     */
    static JedisDataException failure(Object entry) {
        if (entry instanceof List<?> l && l.size() == 2 && Long.valueOf(-1).equals(l.get(0))) {
            Object m = l.get(1);
            return new JedisDataException(m instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(m));
        }
        return null;
    }

    /** True for the server's answer to a run of a script it does not know (NOSCRIPT). */
    static boolean unknownScript(JedisDataException e) {
        return e instanceof JedisNoScriptException || (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"));
    }

    private static String sha1Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
