package dev.mcppol.bench;

import dev.mcppol.compiler.compile.PolicyCompiler;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compile time, DSL file to bundle bytes: everything {@code mcppol compile} does after the JVM is up
 * (read, parse, lower to IR, checks, decision diagrams, canonical JSON, SHA-256). Single shot, each
 * size with the compiler's code already compiled by the JIT: {@code bench/run} gives 1k and 10k rules
 * a warm-up iteration, and 100k rules (three shots, no warm-up iteration: each takes seconds) two
 * 10k-rule compiles in its set-up, so the growth from 10k to 100k measures the policy's size, not a cold JVM against a warm one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompileBench {

    @Param({"1000", "10000", "100000"})
    public int rules;

    private Path file;

    /** From this size on a run is a single shot: the JIT is warmed on smaller compiles first. */
    static final int WARM_ON_SMALLER_FROM = 100_000;

    @Setup
    public void setUp() {
        Workloads.load(rules); // writes the DSL file; compiling it here would double a 100k-rule run
        file = Workloads.dslFile(Workloads.dir(), rules);
        if (rules >= WARM_ON_SMALLER_FROM) {
            Workloads.load(10_000);
            Path warm = Workloads.dslFile(Workloads.dir(), 10_000);
            for (int i = 0; i < 2; i++) {
                compile(warm);
            }
        }
    }

    @Benchmark
    public byte[] compile() {
        return compile(file);
    }

    private static byte[] compile(Path file) {
        byte[] bytes = new PolicyCompiler().compile(file, PolicyCompiler.Options.defaults()).bytes();
        if (bytes == null) {
            throw new IllegalStateException(file + " did not compile; a failed compile must not pass for a fast one");
        }
        return bytes;
    }
}
