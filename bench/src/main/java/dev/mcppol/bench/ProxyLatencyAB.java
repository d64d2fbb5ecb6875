package dev.mcppol.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.ProxyLatencyAB REPO_ROOT OUT.json WARMUP ROUNDS PER_ROUND
 * INSTANCES NAME=JAR...}: two or more builds of the stdio proxy side by side, for a change's before
 * and after on a machine that is not quiet. Each named jar's {@link ProxyMain} runs in INSTANCES JVMs
 * of its own, beside INSTANCES bare relays ({@link RelayMain}) and one direct setup, all taking turns
 * in rounds as in {@link ProxyLatency}: one JVM settles into a faster or slower scheduling regime for
 * its whole life (the same build has differed by 15 µs between two JVMs in one run), so a build is
 * judged by several. Per setup it prints the p50 and the CPU time per call of the whole process tree's
 * JVM ({@code /proc/<pid>/task/*}{@code /schedstat}, in ns, so it does not count time spent waiting
 * for a core) and its minor page faults per 1,000 calls, which must be near zero in the timed rounds
 * (see {@link ProxyLatency#settle}: give enough warm-up calls).
 */
public final class ProxyLatencyAB {
    private ProxyLatencyAB() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        Path outJson = Path.of(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int perRound = Integer.parseInt(args[4]);
        int instances = Integer.parseInt(args[5]);
        String server = root.resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString();
        Path policy = root.resolve("bench/proxy/latency.mcppol");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> direct = List.of("node", server, "stdio");
        List<String> names = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>();
        names.add("direct");
        commands.add(direct);
        for (int i = 1; i <= instances; i++) {
            List<String> relay = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    RelayMain.class.getName(), "--"));
            relay.addAll(direct);
            names.add("relay#" + i);
            commands.add(relay);
        }
        for (int i = 1; i <= instances; i++) {
            for (String spec : Arrays.asList(args).subList(6, args.length)) {
                String[] nameJar = spec.split("=", 2);
                List<String> proxied = new ArrayList<>(List.of(java, "-cp", nameJar[1], ProxyMain.class.getName(),
                        policy.toString(), "--"));
                proxied.addAll(direct);
                names.add(nameJar[0] + "#" + i);
                commands.add(proxied);
            }
        }
        File errLog = outJson.resolveSibling("proxy-latency-ab.stderr.txt").toFile();
        int n = commands.size();
        ProxyLatency.LineClient[] clients = new ProxyLatency.LineClient[n];
        long[][] times = new long[n][rounds * perRound];
        long[][] before = new long[n][];
        long[][] after = new long[n][];
        try {
            for (int j = 0; j < n; j++) {
                clients[j] = new ProxyLatency.LineClient(commands.get(j), errLog);
                clients[j].initialize();
            }
            for (int i = 0; i < warmup; i++) {
                for (ProxyLatency.LineClient c : clients) {
                    c.echo(i);
                }
            }
            for (int j = 0; j < n; j++) {
                before[j] = usage(clients[j].pid());
            }
            int k = 0;
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < n; j++) {
                    int s = (r + j) % n;
                    for (int i = 0; i < perRound; i++) {
                        times[s][k + i] = clients[s].echo(i);
                    }
                }
                k += perRound;
            }
            for (int j = 0; j < n; j++) {
                after[j] = usage(clients[j].pid());
            }
        } finally {
            for (ProxyLatency.LineClient c : clients) {
                if (c != null) {
                    c.close();
                }
            }
        }
        int timed = rounds * perRound;
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                "{\n  \"warmupPerSetup\": %d,\n  \"timedPerSetup\": %d,\n  \"setups\": {\n", warmup, timed));
        for (int j = 0; j < n; j++) {
            Arrays.sort(times[j]);
            double cpu = (after[j][0] - before[j][0]) / 1000.0 / timed;
            double faults = (after[j][1] - before[j][1]) * 1000.0 / timed;
            System.out.printf(Locale.ROOT, "%-12s p50 %7.1f us  mean %7.1f us  cpu %5.1f us/call  faults %6.1f /1000 calls%n",
                    names.get(j), ProxyLatency.pct(times[j], 50) / 1000.0,
                    Arrays.stream(times[j]).average().orElse(0) / 1000.0, cpu, faults);
            String stats = ProxyLatency.stats(times[j]);
            json.append("    \"").append(names.get(j)).append("\": ").append(stats, 0, stats.length() - 1)
                    .append(String.format(Locale.ROOT, ", \"cpuUsPerCall\": %.2f, \"faultsPer1000Calls\": %.1f}", cpu, faults))
                    .append(j + 1 < n ? ",\n" : "\n");
        }
        json.append("  }\n}\n");
        Files.writeString(outJson, json);
    }

    /** CPU time (ns, all threads) and minor page faults so far of a process; zeros where {@code /proc} cannot say. */
    static long[] usage(long pid) {
        long[] u = new long[2];
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    u[0] += Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[0]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return u;
        }
        u[1] = Math.max(0, ProxyLatency.minorFaults(pid));
        return u;
    }
}
