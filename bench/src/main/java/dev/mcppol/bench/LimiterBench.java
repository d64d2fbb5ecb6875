package dev.mcppol.bench;

import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Scope;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-memory limiter on its own: one admitted call per operation on one session's counter, the
 * clock advancing 1 ms per call against a 1 s window, so the steady state holds 1000 entries and
 * each acquire both appends one and slides one out (the common case in a busy proxy).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LimiterBench {

    private InMemoryLimiter limiter;
    private List<LimitRequest> requests;
    private long now;

    @Setup
    public void setUp() {
        limiter = new InMemoryLimiter();
        LimitSpec spec = new LimitSpec("exec", true, List.of(), BigDecimal.valueOf(1_000_000), 1000, Scope.SESSION);
        requests = List.of(new LimitRequest("exec|session=s1", spec, BigDecimal.ONE));
    }

    @Benchmark
    public Admission acquire() {
        return limiter.acquire(requests, now++);
    }
}
