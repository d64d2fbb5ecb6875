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
 * (read, parse, lower to IR, checks, decision diagrams, canonical JSON, SHA-256). Single shot: a
 * compile is a one-off, and its first run (cold code paths) is what a user waits for in CI.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompileBench {

    @Param({"1000", "10000", "100000"})
    public int rules;

    private Path file;

    @Setup
    public void setUp() {
        Workloads.load(rules); // writes the DSL file; compiling it here would double a 100k-rule run
        file = Workloads.dslFile(Workloads.dir(), rules);
    }

    @Benchmark
    public byte[] compile() {
        byte[] bytes = new PolicyCompiler().compile(file, PolicyCompiler.Options.defaults()).bytes();
        if (bytes == null) {
            throw new IllegalStateException(file + " did not compile; a failed compile must not pass for a fast one");
        }
        return bytes;
    }
}
