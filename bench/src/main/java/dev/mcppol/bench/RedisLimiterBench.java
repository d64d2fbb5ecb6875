package dev.mcppol.bench;

import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.limit.RedisLimiter;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Scope;
import java.io.File;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The Redis limiter ({@code proxy --redis}) with 8 threads deciding at once, as a proxy's request
 * threads do: decisions per second over one {@code RedisLimiter} (production options: server time,
 * fail closed) and a {@code redis-server} on loopback, sharing this machine's cores.
 *
 * <ul>
 *   <li>{@code redisRefused}: one limit shared by every caller, {@code 50 per 1h per global}, long
 *       exhausted, so every call is refused with its retry time (the read path);</li>
 *   <li>{@code redisAdmitted}: two limits per call, a per-session counter and a global one, never
 *       exhausted, so every call is admitted and counted in both (the write path).</li>
 * </ul>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class RedisLimiterBench {

    private RedisProcess redis;
    private RedisLimiter limiter;
    private List<LimitRequest> exhausted;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        redis = RedisProcess.start(File.createTempFile("mcppol-bench-redis-", ".log"));
        limiter = new RedisLimiter(redis.url(), RedisLimiter.policyPrefix("bench"));
        exhausted = exhaust(limiter);
    }

    /** One {@code 50 per 1h per global} limit, used up: every later call under it is refused. */
    static List<LimitRequest> exhaust(RedisLimiter limiter) {
        List<LimitRequest> exhausted = List.of(count("calls", "global", 50, 3_600_000));
        for (int i = 0; i < 50; i++) {
            if (!limiter.acquire(exhausted, 0).admitted()) {
                throw new IllegalStateException("call " + (i + 1) + " of 50 was refused");
            }
        }
        return exhausted;
    }

    /** A session counter and a global one, never exhausted: every call is admitted and counted in both. */
    static List<LimitRequest> open(String session) {
        return List.of(count("exec", "session=" + session, 1_000_000_000, 1000), count("all", "global", 1_000_000_000, 1000));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        limiter.close();
        redis.close();
    }

    /** Each benchmark thread is its own session. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Session {
        private static final AtomicInteger NEXT = new AtomicInteger();
        List<LimitRequest> open;

        @Setup(Level.Trial)
        public void setUp() {
            open = RedisLimiterBench.open("s" + NEXT.incrementAndGet());
        }
    }

    @Benchmark
    public Admission redisRefused() {
        Admission a = limiter.acquire(exhausted, 0);
        if (a.admitted() || a.unavailable()) {
            throw new IllegalStateException("the exhausted limit did not refuse a call: " + a);
        }
        return a;
    }

    @Benchmark
    public Admission redisAdmitted(Session s) {
        Admission a = limiter.acquire(s.open, 0);
        if (!a.admitted()) {
            throw new IllegalStateException("a call under an open limit was refused: " + a);
        }
        return a;
    }

    static LimitRequest count(String name, String scopeKey, long max, long windowMillis) {
        LimitSpec spec = new LimitSpec(name, true, List.of(), BigDecimal.valueOf(max), windowMillis, Scope.SESSION);
        return new LimitRequest(name + "|" + scopeKey, spec, BigDecimal.ONE);
    }
}
