package dev.mcppol.runtime.approval;

import dev.mcppol.runtime.limit.RedisUrl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Approvals in Redis, shared by proxy replicas on several machines and the CLI. A record is one
 * string key holding its JSON ({@code PREFIX rec:ID}), listed in a sorted set by creation time
 * ({@code PREFIX index}). Creating and replacing are Lua scripts that compare and set in one step,
 * so a once-only approval is used by exactly one replica. Records expire after the retention time.
 */
public final class RedisApprovalStore implements ApprovalStore {

    /** Records are kept this long after their last change (an audit trail, not forever). */
    public static final long RETENTION_MILLIS = 30L * 24 * 3600 * 1000;

    private static final String CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
            return 1""";
    private static final String REPLACE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1""";

    private final RedisClient redis;
    private final String prefix;

    public RedisApprovalStore(String url, String prefix) {
        RedisUrl u = RedisUrl.parse(url);
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000).socketTimeoutMillis(2000)
                .database(u.database()).ssl(u.tls()).clientName("mcppol-approvals");
        if (u.password() != null) {
            client.user(u.user()).password(u.password());
        }
        this.redis = RedisClient.builder().hostAndPort(new HostAndPort(u.host(), u.port()))
                .clientConfig(client.build()).build();
        this.prefix = prefix;
    }

    /** The default prefix: one approvals space per Redis database. */
    public static final String DEFAULT_PREFIX = "mcppol:approvals:";

    @Override
    public boolean create(Approval a) {
        Object r = redis.eval(CREATE, List.of(key(a.id()), index()),
                List.of(a.toJsonText(), Long.toString(a.createdAt()), a.id(), Long.toString(RETENTION_MILLIS)));
        return Long.valueOf(1).equals(r);
    }

    @Override
    public Optional<Approval> get(String id) {
        if (!ApprovalIds.valid(id)) {
            return Optional.empty();
        }
        String text = redis.get(key(id));
        return text == null ? Optional.empty() : Optional.of(Approval.fromJsonText(text));
    }

    @Override
    public List<Approval> all() {
        List<Approval> out = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (String id : redis.zrange(index(), 0, -1)) {
            Optional<Approval> a = get(id);
            if (a.isPresent()) {
                out.add(a.get());
            } else {
                stale.add(id);
            }
        }
        if (!stale.isEmpty()) {
            redis.zrem(index(), stale.toArray(String[]::new));
        }
        out.sort(Comparator.comparingLong(Approval::createdAt).thenComparing(Approval::id));
        return out;
    }

    @Override
    public boolean replace(Approval expected, Approval updated) {
        if (!expected.id().equals(updated.id())) {
            throw new IllegalArgumentException("replace keeps the id");
        }
        Object r = redis.eval(REPLACE, List.of(key(expected.id())),
                List.of(expected.toJsonText(), updated.toJsonText(), Long.toString(RETENTION_MILLIS)));
        return Long.valueOf(1).equals(r);
    }

    @Override
    public void remove(String id) {
        if (ApprovalIds.valid(id)) {
            redis.del(key(id));
            redis.zrem(index(), id);
        }
    }

    private String key(String id) {
        return prefix + "rec:" + id;
    }

    private String index() {
        return prefix + "index";
    }

    @Override
    public void close() {
        redis.close();
    }
}
