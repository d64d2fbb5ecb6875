package dev.mcppol.bench;

import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.limit.RedisLimiter;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link RedisLimiterBench}'s two series, 8 threads, measured as CPU time per decision (this JVM's
 * and redis-server's user + system time from /proc, 10 ms ticks) beside decisions per second. On a
 * machine shared with other work the throughput says mostly how much of the cores the run got;
 * the CPU time per decision says what a decision costs, and so what 2 free cores could do. Not
 * part of {@code bench/run}; for docs/REDIS.md (Throughput), comparing two builds back to back:
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.mcppol.bench.RedisLimiterCpu refused|admitted [rounds]</pre>
 *
 * Four one-second warm-up rounds, then {@code rounds} (7) measured ones; prints each and the median.
 */
public final class RedisLimiterCpu {

    private static final int THREADS = 8;
    private static final int WARM_UP_ROUNDS = 4;

    private RedisLimiterCpu() {
    }

    public static void main(String[] args) throws Exception {
        boolean refused = args[0].equals("refused");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        try (RedisProcess redis = RedisProcess.start(File.createTempFile("mcppol-bench-redis-", ".log"));
                RedisLimiter limiter = new RedisLimiter(redis.url(), RedisLimiter.policyPrefix("bench"))) {
            List<LimitRequest> exhausted = RedisLimiterBench.exhaust(limiter);
            List<Double> perDecision = new ArrayList<>();
            for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
                long[] before = {cpuTicks(ProcessHandle.current().pid()), cpuTicks(redis.pid())};
                long start = System.nanoTime();
                long decisions = oneSecond(limiter, refused, exhausted);
                double seconds = (System.nanoTime() - start) / 1e9;
                double jvm = (cpuTicks(ProcessHandle.current().pid()) - before[0]) * 1e4 / decisions;
                double server = (cpuTicks(redis.pid()) - before[1]) * 1e4 / decisions;
                if (round >= WARM_UP_ROUNDS) {
                    perDecision.add(jvm + server);
                    System.out.printf("%s: %.0f decisions/s, CPU per decision: JVM %.1f us + redis-server %.1f us = %.1f us%n",
                            args[0], decisions / seconds, jvm, server, jvm + server);
                }
            }
            perDecision.sort(null);
            System.out.printf("%s: median CPU per decision %.1f us (load %s)%n", args[0],
                    perDecision.get(perDecision.size() / 2), Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    /** Decisions taken by {@link #THREADS} threads in one second. */
    private static long oneSecond(RedisLimiter limiter, boolean refused, List<LimitRequest> exhausted) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<LimitRequest> requests = refused ? exhausted : RedisLimiterBench.open("s" + t);
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    Admission a = limiter.acquire(requests, 0);
                    if (a.admitted() == refused || a.unavailable()) {
                        throw new IllegalStateException("unexpected answer " + a);
                    }
                    done.increment();
                }
            }));
        }
        threads.forEach(Thread::start);
        Thread.sleep(1000);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return done.sum();
    }

    /** User + system time of a process, in clock ticks (1/100 s). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
