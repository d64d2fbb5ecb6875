package dev.mcppol.bench;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where benchmark inputs live and how they become engine inputs. The directory comes from the
 * {@code MCPPOL_BENCH_DIR} environment variable (inherited by JMH's forked JVMs, unlike system
 * properties) so {@code bench/run}, the JMH forks and the Cedar peer all read the same files.
 */
public final class Workloads {

    public static final String DIR_ENV = "MCPPOL_BENCH_DIR";

    private Workloads() {
    }

    public static Path dir() {
        String d = System.getenv(DIR_ENV);
        return Path.of(d != null ? d : "target/bench-inputs");
    }

    public static Path workloadFile(Path dir, int rules) {
        return dir.resolve("workload-" + rules + ".json");
    }

    public static Path dslFile(Path dir, int rules) {
        return dir.resolve("policy-" + rules + ".mcppol");
    }

    /** The workload of {@code rules} rules: read from the shared directory, written there first if absent. */
    public static Workload load(int rules) {
        Path dir = dir();
        Path file = workloadFile(dir, rules);
        try {
            if (!Files.exists(file)) {
                WorkloadGenerator.generate(rules).write(file);
            }
            Workload w = Workload.read(file);
            Path dsl = dslFile(dir, rules);
            if (!Files.exists(dsl)) {
                Files.writeString(dsl, DslWriter.render(w));
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles the workload's policy from its DSL file, the way {@code mcppol compile} does; errors are fatal. */
    public static CompileResult compile(int rules) {
        load(rules);
        CompileResult r = new PolicyCompiler().compile(dslFile(dir(), rules), PolicyCompiler.Options.defaults());
        if (r.bundle() == null || r.diagnostics().hasErrors()) {
            throw new IllegalStateException("benchmark policy of " + rules + " rules did not compile: "
                    + r.diagnostics().sorted());
        }
        return r;
    }

    public static Bundle bundle(int rules) {
        return compile(rules).bundle();
    }

    /** The workload's calls, parsed once, as the engine takes them. */
    public static Call[] calls(Workload w) {
        Call[] out = new Call[w.calls().size()];
        for (int i = 0; i < out.length; i++) {
            Workload.CallSpec c = w.calls().get(i);
            out[i] = new Call(c.tool(), c.args(), "bench-session", "bench-identity", 0L, null);
        }
        return out;
    }
}
