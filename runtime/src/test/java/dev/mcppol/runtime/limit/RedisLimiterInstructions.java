package dev.mcppol.runtime.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@code redis-server} that runs under callgrind with batches of a fixed size, for the
 * instructions per {@code EVALSHA} in docs/REDIS.md (Throughput): independent of the machine's load.
 * Not a test. Server time, {@code RedisLimiterBench}'s two series: {@code admitted} (a session
 * counter per caller and a global one, 1 s windows, never exhausted) or {@code refused} (one
 * exhausted {@code 50 per 1h} counter). Warm-up batches first (the windows fill and start sliding),
 * then {@code callgrind_control -i on PID}, the measured batches, {@code -i off}.
 *
 * <pre>java -cp … dev.mcppol.runtime.limit.RedisLimiterInstructions URL PID admitted|refused BATCH WARM_UP_BATCHES BATCHES</pre>
 */
public final class RedisLimiterInstructions {

    private RedisLimiterInstructions() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String pid = args[1];
        boolean admitted = args[2].equals("admitted");
        int size = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        int measured = Integer.parseInt(args[5]);
        try (RedisLimiter limiter = new RedisLimiter(url, RedisLimiter.policyPrefix("instr"))) {
            List<LimitRequest> exhausted = List.of(Limits.count("calls", "global", 50, 3_600_000));
            for (int i = 0; i < 50; i++) {
                limiter.acquire(exhausted, 0);
            }
            List<List<LimitRequest>> calls = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                calls.add(admitted ? List.of(Limits.count("exec", "s" + i, 1_000_000_000, 1000),
                        Limits.count("all", "global", 1_000_000_000, 1000)) : exhausted);
                times.add(0L);
            }
            run(limiter, calls, times, warmUp, admitted);
            control(pid, "on");
            long start = System.nanoTime();
            run(limiter, calls, times, measured, admitted);
            double seconds = (System.nanoTime() - start) / 1e9;
            control(pid, "off");
            System.out.printf("%s: %d batches of %d in %.1f s%n", args[2], measured, size, seconds);
        }
    }

    private static void run(RedisLimiter limiter, List<List<LimitRequest>> calls, List<Long> times, int batches,
            boolean admitted) {
        for (int b = 0; b < batches; b++) {
            for (RedisAdmission a : limiter.acquireBatch(calls, times)) {
                if (a.admission().admitted() != admitted || a.admission().unavailable()) {
                    throw new IllegalStateException("unexpected answer " + a);
                }
            }
        }
    }

    private static void control(String pid, String state) throws Exception {
        if (!pid.equals("0")) {
            Process p = new ProcessBuilder("callgrind_control", "-i", state, pid).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("callgrind_control -i " + state + " failed");
            }
        }
    }
}
