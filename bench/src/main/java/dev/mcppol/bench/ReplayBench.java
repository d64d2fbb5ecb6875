package dev.mcppol.bench;

import dev.mcppol.policytests.ReplayReport;
import dev.mcppol.policytests.TestRunner;
import dev.mcppol.policytests.TranscriptReplayer;
import dev.mcppol.runtime.bundle.Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code mcppol test} throughput over a recorded corpus of {@value #RECORDS} {@code tools/call}
 * decisions against the 1k-rule policy, as {@code proxy --record} writes it ({@link RecordedCorpus}:
 * each call with its expectation, then the server's answer or the proxy's own), every line read and
 * parsed as JSON and every call fully decided and checked. The score is time per decision;
 * decisions per second is its inverse.
 *
 * <ul>
 *   <li>{@code replay}: the corpus as one file, on one thread ({@link TranscriptReplayer}).</li>
 *   <li>{@code replayFiles}: the corpus split in {@value #FILES} files, replayed by {@link TestRunner} as
 *       {@code mcppol test} runs it: one job per processor.</li>
 *   <li>{@code replayFilesOneJob}: the same files, {@code --jobs 1}, the reference for the speed-up.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplayBench {

    static final int RECORDS = 1_000_000;
    static final int FILES = 16;
    static final int RULES = 1000;

    /** The corpus as one transcript. */
    @State(Scope.Benchmark)
    public static class OneFile {
        Bundle bundle;
        Path dir;
        Path transcript;

        @Setup
        public void setUp() throws IOException {
            bundle = Workloads.bundle(RULES);
            dir = Files.createTempDirectory("mcppol-bench-replay-");
            transcript = dir.resolve("corpus.jsonl");
            RecordedCorpus.write(Workloads.load(RULES), bundle, transcript, 0, RECORDS);
        }

        @TearDown
        public void tearDown() throws IOException {
            delete(dir);
        }
    }

    /** The same calls split in {@value #FILES} transcripts (one recorded session each). */
    @State(Scope.Benchmark)
    public static class SplitFiles {
        Bundle bundle;
        Path dir;

        @Setup
        public void setUp() throws IOException {
            bundle = Workloads.bundle(RULES);
            dir = Files.createTempDirectory("mcppol-bench-replay-");
            var w = Workloads.load(RULES);
            int per = RECORDS / FILES;
            for (int f = 0; f < FILES; f++) {
                int count = f == FILES - 1 ? RECORDS - per * (FILES - 1) : per;
                RecordedCorpus.write(w, bundle, dir.resolve(String.format("session-%02d.jsonl", f)), f * per, count);
            }
        }

        @TearDown
        public void tearDown() throws IOException {
            delete(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replay(OneFile s) throws Exception {
        long decisions = new TranscriptReplayer(s.bundle).replay(s.transcript, r -> {
            if (!r.passed()) {
                throw new IllegalStateException("the replay disagrees with the recording: " + r.mismatch());
            }
        });
        return check(decisions);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replayFiles(SplitFiles s) throws Exception {
        return runner(s, Runtime.getRuntime().availableProcessors());
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replayFilesOneJob(SplitFiles s) throws Exception {
        return runner(s, 1);
    }

    private static long runner(SplitFiles s, int jobs) throws Exception {
        ReplayReport r = new TestRunner().withJobs(jobs).run(s.bundle, null, List.of(s.dir), false);
        if (r.failed() != 0) {
            throw new IllegalStateException(r.failed() + " replayed calls disagree with the recording");
        }
        return check(r.decisions());
    }

    private static long check(long decisions) {
        if (decisions != RECORDS) {
            throw new IllegalStateException("replayed " + decisions + " decisions, expected " + RECORDS);
        }
        return decisions;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
