package dev.mcppol.bench;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import dev.mcppol.runtime.proxy.BundleSource;
import dev.mcppol.runtime.proxy.ProxyConfig;
import dev.mcppol.runtime.proxy.ProxyRunner;
import dev.mcppol.runtime.proxy.ProxyStartException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.ProxyMain POLICY -- CMD ARGS...}: the stdio proxy
 * exactly as {@code mcppol proxy --policy POLICY -- CMD ARGS...} runs it ({@code ProxyRunner.runStdio}
 * on {@code System.in}/{@code System.out}, the policy compiled in memory at start), without picocli
 * and without the CLI module on the benchmark class path.
 */
public final class ProxyMain {
    private ProxyMain() {
    }

    /** The policy compiled in memory, as {@code mcppol proxy --policy} does. */
    static BundleSource policySource(Path policy) {
        return new BundleSource() {
            @Override
            public Bundle load() throws BundleFormatException {
                CompileResult r = new PolicyCompiler().compile(policy, PolicyCompiler.Options.defaults());
                if (!r.ok() || r.bundle() == null) {
                    throw new BundleFormatException(policy + " does not compile: " + r.diagnostics());
                }
                return r.bundle();
            }

            @Override
            public Path file() {
                return policy;
            }
        };
    }

    public static void main(String[] args) throws Exception {
        List<String> all = Arrays.asList(args);
        int dash = all.indexOf("--");
        if (dash != 1) {
            System.err.println("usage: ProxyMain POLICY -- CMD ARGS...");
            System.exit(2);
        }
        ProxyConfig config = new ProxyConfig().bundle(policySource(Path.of(args[0]))).command(all.subList(dash + 1, all.size()));
        try (ProxyRunner runner = ProxyRunner.prepare(config, System.err)) {
            System.exit(runner.runStdio());
        } catch (ProxyStartException e) {
            System.err.println("mcppol proxy: " + e.getMessage());
            System.exit(2);
        }
    }
}
