package dev.mcppol.runtime.limit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Limiter state in Redis, shared by every proxy replica, with the semantics of
 * {@link InMemoryLimiter}: per counter key, a sorted set of admitted calls and their running total
 * under a per-policy prefix, and one Lua script ({@code redis-limiter.lua}) that checks and
 * consumes all of a call's limits atomically; concurrent calls share a round trip and a run of the
 * script, which decides them one after the other ({@link ScriptBatches}). While Redis is
 * unreachable the fail mode decides (see {@link RedisAvailability}); the connection pool reconnects
 * by itself once it is back.
 */
public final class RedisLimiter implements Limiter, AutoCloseable {

    /** How long a caller is told to wait when Redis is unreachable and the limiter fails closed. */
    public static final long UNAVAILABLE_RETRY_MILLIS = 1000;

    private final RedisLimiterOptions options;
    private final RedisClient redis;
    private final ScriptBatches batches;
    private final RedisAvailability availability;
    // Members must be unique across replicas and calls: a random instance id plus a counter.
    private final String instanceId;
    private final AtomicLong sequence = new AtomicLong();

    public RedisLimiter(RedisLimiterOptions options) {
        this.options = options;
        RedisUrl url = options.url();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(options.timeoutMillis())
                .socketTimeoutMillis(options.timeoutMillis())
                .database(url.database())
                .ssl(url.tls())
                .clientName("mcppol-limiter");
        if (url.password() != null) {
            client.user(url.user()).password(url.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(options.poolSize());
        pool.setMaxIdle(options.poolSize());
        // Never block forever for a connection: an overloaded pool answers like an unreachable Redis.
        pool.setMaxWait(Duration.ofMillis(options.timeoutMillis()));
        this.redis = RedisClient.builder()
                .hostAndPort(new HostAndPort(url.host(), url.port()))
                .clientConfig(client.build())
                .poolConfig(pool)
                .build();
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.instanceId = HexFormat.of().formatHex(id);
        this.batches = new ScriptBatches(redis, RedisScript.limiter(), options.poolSize(),
                List.of(options.serverTime() ? "0" : Long.toString(options.idleTtlMillis())));
        this.availability = new RedisAvailability(url.toString(), options.failMode());
    }

    /** Convenience: production defaults (fail closed, server time) for a URL and key prefix. */
    public RedisLimiter(String url, String prefix) {
        this(RedisLimiterOptions.of(url, prefix));
    }

    /**
     * The conventional prefix for a policy's keys. The braces make the policy name a Redis Cluster
     * hash tag, so all keys one script touches live in one slot.
     */
    public static String policyPrefix(String policyName) {
        return "mcppol:{" + policyName + "}:";
    }

    @Override
    public Admission acquire(List<LimitRequest> requests, long nowMillis) {
        return acquireTimed(requests, nowMillis).admission();
    }

    /** Like {@link #acquire}, also returning the time the decision was taken at. */
    public RedisAdmission acquireTimed(List<LimitRequest> requests, long nowMillis) {
        RedisAdmission local = decidedHere(requests, nowMillis);
        if (local != null) {
            return local;
        }
        Object reply;
        try {
            // Concurrent calls share round trips and script runs (ScriptBatches); on a broken connection
            // the pool's idle connections are dropped and the call tried once more, a timeout is not
            // retried (the script may have run, and running it again would count the call twice).
            reply = batches.run(keys(requests), args(requests, nowMillis));
        } catch (JedisException e) {
            return answer(null, e, nowMillis);
        }
        return answer(reply, null, nowMillis);
    }

    /**
     * These calls in one batch, decided in this order (what {@link ScriptBatches} does for
     * concurrent callers, on a grouping a test chooses).
     */
    List<RedisAdmission> acquireBatch(List<List<LimitRequest>> calls, List<Long> nowMillis) {
        RedisAdmission[] out = new RedisAdmission[calls.size()];
        List<Integer> sent = new ArrayList<>();
        List<List<String>> keys = new ArrayList<>();
        List<List<String>> args = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            out[i] = decidedHere(calls.get(i), nowMillis.get(i));
            if (out[i] == null) {
                sent.add(i);
                keys.add(keys(calls.get(i)));
                args.add(args(calls.get(i), nowMillis.get(i)));
            }
        }
        List<Object> replies = batches.runTogether(keys, args);
        for (int j = 0; j < sent.size(); j++) {
            int i = sent.get(j);
            Object reply = replies.get(j);
            if (reply instanceof RuntimeException e && !(e instanceof JedisException)) {
                throw e;
            }
            out[i] = reply instanceof JedisException e ? answer(null, e, nowMillis.get(i)) : answer(reply, null, nowMillis.get(i));
        }
        return List.of(out);
    }

    /** The answer to a call that needs no Redis (invalid amounts, no limits), or null. */
    private RedisAdmission decidedHere(List<LimitRequest> requests, long nowMillis) {
        Admission invalid = Limiter.firstInvalid(requests, nowMillis);
        if (invalid != null) {
            return new RedisAdmission(invalid, nowMillis);
        }
        if (requests.isEmpty()) {
            return new RedisAdmission(Admission.ADMITTED, nowMillis);
        }
        if (!options.serverTime() && Math.abs(nowMillis) > LimitRequest.MAX_WINDOW_MILLIS) {
            throw new IllegalArgumentException("virtual time " + nowMillis + " is outside +-2^52 ms");
        }
        return null;
    }

    /** A call's keys for the script: each limit's window and total. */
    private List<String> keys(List<LimitRequest> requests) {
        List<String> keys = new ArrayList<>(2 * requests.size());
        for (LimitRequest r : requests) {
            keys.add(windowKey(r.key()));
            keys.add(totalKey(r.key()));
        }
        return keys;
    }

    /** A call's arguments for the script (see redis-limiter.lua); the batch adds its own before them. */
    private List<String> args(List<LimitRequest> requests, long nowMillis) {
        List<String> args = new ArrayList<>(3 + 3 * requests.size());
        args.add(Integer.toString(requests.size()));
        args.add(options.serverTime() ? "" : Long.toString(nowMillis));
        args.add(instanceId + "-" + sequence.incrementAndGet());
        for (LimitRequest r : requests) {
            args.add(Long.toString(r.spec().windowMillis()));
            args.add(Long.toString(r.maxUnits()));
            args.add(Long.toString(r.amountUnits()));
        }
        return args;
    }

    /** A call's admission from its reply, or from the failure that stopped it (the fail mode's answer). */
    private RedisAdmission answer(Object reply, JedisException failure, long nowMillis) {
        if (failure != null) {
            return new RedisAdmission(availability.lost(failure, nowMillis + UNAVAILABLE_RETRY_MILLIS), nowMillis);
        }
        availability.ok();
        return parse(reply);
    }

    /**
     * The sorted set of a counter key's window. The fixed tags ({@code win:}, {@code sum:}) right
     * after the prefix keep the two families apart whatever the key contains (session ids are
     * arbitrary text).
     */
    String windowKey(String key) {
        return options.prefix() + "win:" + key;
    }

    /** The running total of units in that window. */
    String totalKey(String key) {
        return options.prefix() + "sum:" + key;
    }

    /** An admitted call's reply is the time it was decided at; a refused call's, a list (see redis-limiter.lua). */
    private static RedisAdmission parse(Object reply) {
        if (reply instanceof Long now) {
            return new RedisAdmission(Admission.ADMITTED, now);
        }
        List<?> values = (List<?>) reply;
        int blocked = ((Long) values.get(1)).intValue();
        long retryAt = (Long) values.get(2);
        long now = (Long) values.get(3);
        List<Integer> refused = new ArrayList<>();
        if (values.size() > 4 && values.get(4) instanceof List<?> r) {
            r.forEach(x -> refused.add(((Long) x).intValue()));
        }
        return new RedisAdmission(refused.isEmpty() ? Admission.refused(blocked, retryAt)
                : Admission.refused(refused, blocked, retryAt), now);
    }

    /**
     * One {@code PING}, so that a proxy learns (and logs, once) at start that Redis is unreachable
     * rather than at the first limited call. Counts as a round trip for the loss/recovery log.
     */
    public boolean probe() {
        try {
            redis.ping();
        } catch (JedisException e) {
            availability.lost(e, 0);
            return false;
        }
        availability.ok();
        return true;
    }

    /** The options in force (the proxy reports where the state lives and the fail mode). */
    public RedisLimiterOptions options() {
        return options;
    }

    /** Calls handed to Redis and not yet answered (they share round trips, see {@link ScriptBatches}). */
    int unanswered() {
        return batches.unanswered();
    }

    /** False while the last attempt to reach Redis failed. */
    public boolean available() {
        return availability.up();
    }

    @Override
    public void close() {
        redis.close();
    }
}
