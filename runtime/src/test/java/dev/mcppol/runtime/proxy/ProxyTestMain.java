package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.limit.RedisLimiterOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The stdio proxy as its own process, for tests whose agent is the MCP Java SDK (whose stdio
 * transport always spawns a command). Usage:
 * {@code BUNDLE [--on-drift deny] [--redis URL [--redis-fail open]] [--approvals MODE] [--approval-timeout-ms MS]
 * [--approvals-dir DIR] [--identity NAME] [--record FILE] -- CMD ARGS...}.
 */
public final class ProxyTestMain {
    private ProxyTestMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> all = Arrays.asList(args);
        int dash = all.indexOf("--");
        ProxyConfig config = new ProxyConfig().bundle(BundleSource.file(Path.of(args[0])))
                .command(all.subList(dash + 1, all.size()));
        List<String> options = all.subList(0, dash);
        if (options.contains("--on-drift")) {
            config.onDrift(DriftAction.DENY);
        }
        int redis = options.indexOf("--redis");
        if (redis >= 0) {
            config.redis(options.get(redis + 1));
        }
        if (options.contains("--redis-fail")) {
            config.redisFailMode(RedisLimiterOptions.FailMode.valueOf(
                    options.get(options.indexOf("--redis-fail") + 1).toUpperCase(java.util.Locale.ROOT)));
        }
        value(options, "--approvals").ifPresent(m -> config.approvals(
                dev.mcppol.runtime.handler.ApprovalConfig.Mode.valueOf(m.toUpperCase(java.util.Locale.ROOT))));
        value(options, "--approval-timeout-ms").ifPresent(ms -> config.approvalTimeoutMillis(Long.parseLong(ms)));
        value(options, "--approvals-dir").ifPresent(d -> config.approvalsDir(Path.of(d)));
        value(options, "--identity").ifPresent(config::identity);
        value(options, "--record").ifPresent(f -> config.record(Path.of(f)));
        try (ProxyRunner runner = ProxyRunner.prepare(config, System.err)) {
            System.exit(runner.runStdio());
        } catch (ProxyStartException e) {
            System.err.println("mcppol proxy: " + e.getMessage());
            System.exit(2);
        }
    }

    private static java.util.Optional<String> value(List<String> options, String name) {
        int i = options.indexOf(name);
        return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(options.get(i + 1));
    }

    /** The command that starts this class with the test class path. */
    static List<String> command(Path bundle, List<String> options, List<String> server) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProxyTestMain.class.getName(), bundle.toString()));
        cmd.addAll(options);
        cmd.add("--");
        cmd.addAll(server);
        return cmd;
    }
}
