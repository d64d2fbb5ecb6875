package dev.mcppol.bench;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code java -Xmx1g -cp benchmarks.jar dev.mcppol.bench.CompileMemoryMain POLICY}: compiles one policy
 * file to bundle bytes once, in a JVM whose heap bench/run caps ({@code -Xmx}), and prints whether it
 * compiled and how long it took. The cap is the measure: a compile that needs more heap fails with
 * {@code OutOfMemoryError} (exit 3); the heap pools' own peaks are not reported, since their sum counts
 * garbage not yet collected and can exceed the cap.
 */
public final class CompileMemoryMain {
    private CompileMemoryMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long t0 = System.nanoTime();
        try {
            CompileResult r = new PolicyCompiler().compile(file, PolicyCompiler.Options.defaults());
            if (!r.ok() || r.bytes() == null) {
                System.err.println(file + " does not compile: " + r.diagnostics());
                System.exit(2);
            }
        } catch (OutOfMemoryError e) {
            System.out.printf(Locale.ROOT, "{\"compiled\": false, \"maxHeapBytes\": %d}%n", Runtime.getRuntime().maxMemory());
            System.exit(3);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "{\"compiled\": true, \"seconds\": %.3f, \"maxHeapBytes\": %d}%n",
                seconds, Runtime.getRuntime().maxMemory());
    }
}
