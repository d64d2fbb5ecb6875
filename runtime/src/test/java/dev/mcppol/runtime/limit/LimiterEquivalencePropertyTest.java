package dev.mcppol.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.testing.RedisServer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random call sequences (keys from a small set, random count and budget limits, non-decreasing
 * virtual times, random amounts, sometimes unrepresentable ones) get identical admissions, blocked
 * indexes, retry times and reasons from the in-memory and the Redis limiter, one call at a time
 * and in batches.
 */
class LimiterEquivalencePropertyTest {

    private static RedisServer server;
    private static RedisLimiter redis;

    @BeforeContainer
    static void startRedis() {
        server = RedisServer.start();
        redis = new RedisLimiter(RedisLimiterOptions.of(server.url(), "prop:{x}:").withCallerTime());
    }

    @AfterContainer
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A key's limit: the engine always pairs one key with one spec. */
    record KeySpec(boolean budget, BigDecimal max, long windowMillis) {
    }

    record Use(int key, BigDecimal amount) {
    }

    record Call(long dtMillis, List<Use> uses) {
    }

    record Scenario(long start, List<KeySpec> keys, List<Call> calls) {
    }

    @Property(tries = 300)
    void redisAnswersExactlyLikeInMemory(@ForAll("scenarios") Scenario s) {
        InMemoryLimiter memory = new InMemoryLimiter();
        // Fresh state per try: the keys carry a per-try namespace (the in-memory limiter is new anyway).
        String ns = UUID.randomUUID().toString();
        List<LimitSpec> specs = specs(s);
        long now = s.start();
        for (int step = 0; step < s.calls().size(); step++) {
            Call c = s.calls().get(step);
            now += c.dtMillis();
            List<LimitRequest> requests = requests(ns, specs, c);
            Admission expected = memory.acquire(requests, now);
            Admission actual = redis.acquire(requests, now);
            assertThat(actual).as("step %d at %d: %s", step, now, c).isEqualTo(expected);
        }
    }

    /**
     * The same sequences with consecutive calls grouped into batches (one run of the script decides
     * several calls in order, as for concurrent callers): the answers are still the in-memory
     * limiter's, call by call. Calls of a batch often share a key and a time, which is what the
     * script's per-batch shortcuts (a window pruned once, a retry time computed once) rely on.
     */
    @Property(tries = 300)
    void batchesAnswerExactlyLikeOneCallAtATime(@ForAll("scenarios") Scenario s,
            @ForAll @IntRange(min = 1, max = 12) int batch) {
        InMemoryLimiter memory = new InMemoryLimiter();
        String ns = UUID.randomUUID().toString();
        List<LimitSpec> specs = specs(s);
        long now = s.start();
        List<List<LimitRequest>> calls = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Admission> expected = new ArrayList<>();
        for (Call c : s.calls()) {
            now += c.dtMillis();
            List<LimitRequest> requests = requests(ns, specs, c);
            calls.add(requests);
            times.add(now);
            expected.add(memory.acquire(requests, now));
        }
        for (int from = 0; from < calls.size(); from += batch) {
            int to = Math.min(calls.size(), from + batch);
            List<RedisAdmission> actual = redis.acquireBatch(calls.subList(from, to), times.subList(from, to));
            for (int i = from; i < to; i++) {
                assertThat(actual.get(i - from).admission()).as("call %d at %d in a batch of %d: %s", i, times.get(i),
                        to - from, s.calls().get(i)).isEqualTo(expected.get(i));
            }
        }
    }

    private static List<LimitSpec> specs(Scenario s) {
        List<LimitSpec> specs = new ArrayList<>();
        for (int k = 0; k < s.keys().size(); k++) {
            KeySpec ks = s.keys().get(k);
            specs.add(ks.budget() ? Limits.budgetSpec("k" + k, ks.max().toPlainString(), ks.windowMillis())
                    : Limits.countSpec("k" + k, ks.max().longValueExact(), ks.windowMillis()));
        }
        return specs;
    }

    private static List<LimitRequest> requests(String ns, List<LimitSpec> specs, Call c) {
        List<LimitRequest> requests = new ArrayList<>();
        for (Use u : c.uses()) {
            LimitSpec spec = specs.get(u.key());
            requests.add(new LimitRequest(ns + "|k" + u.key(), spec, spec.isBudget() ? u.amount() : BigDecimal.ONE));
        }
        return requests;
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<KeySpec> key = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(1, 120))
                .as((budget, unscaled, scale, window) -> new KeySpec(budget,
                        budget ? BigDecimal.valueOf(unscaled * 7L, scale) : BigDecimal.valueOf(unscaled), window));
        Arbitrary<BigDecimal> amount = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Combinators.combine(Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(0, 3)).as((u, sc) -> BigDecimal.valueOf(u, sc))),
                // An amount with a 7th decimal has no exact micro-unit form: both must refuse it alike.
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 99).map(u -> BigDecimal.valueOf(u, 7))));
        Arbitrary<Use> use = Combinators.combine(Arbitraries.integers().between(0, 2), amount).as(Use::new);
        Arbitrary<Long> dt = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(1, 40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(100, 300)));
        Arbitrary<Call> call = Combinators.combine(dt, use.list().ofMinSize(1).ofMaxSize(3)).as(Call::new);
        return Combinators.combine(
                Arbitraries.longs().between(0, 2_000_000_000_000L),
                key.list().ofSize(3),
                call.list().ofMinSize(1).ofMaxSize(60))
                .as(Scenario::new);
    }
}
