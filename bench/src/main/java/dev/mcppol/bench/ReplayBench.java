package dev.mcppol.bench;

import dev.mcppol.policytests.TranscriptReplayer;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.transcript.TranscriptWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcppol test} throughput: one transcript of {@value #RECORDS} {@code tools/call} records
 * against the 1k-rule policy, replayed on one thread, reading and parsing every line as JSON and
 * taking the full decision (with reasons) for each. The score is time per record; decisions per
 * second is its inverse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplayBench {

    static final int RECORDS = 1_000_000;
    static final int RULES = 1000;

    private Bundle bundle;
    private Path transcript;

    @Setup
    public void setUp() throws IOException {
        bundle = Workloads.bundle(RULES);
        transcript = Files.createTempFile("mcppol-bench-", ".jsonl");
        write(Workloads.load(RULES), transcript, RECORDS);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(transcript);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replay() throws Exception {
        long decisions = new TranscriptReplayer(bundle).replay(transcript, r -> { });
        if (decisions != RECORDS) {
            throw new IllegalStateException("replayed " + decisions + " decisions, expected " + RECORDS);
        }
        return decisions;
    }

    /** The workload's calls, cycled, as a recorded session: one header, then one record per call, 1 ms apart. */
    static void write(Workload w, Path file, int records) throws IOException {
        try (TranscriptWriter out = new TranscriptWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), false)) {
            out.header("s1", "alice", null);
            for (int i = 0; i < records; i++) {
                Workload.CallSpec c = w.calls().get(i % w.calls().size());
                ObjectNode params = Json.NODES.objectNode();
                params.put("name", c.tool());
                params.set("arguments", c.args());
                ObjectNode msg = Json.NODES.objectNode();
                msg.put("jsonrpc", "2.0");
                msg.put("id", i + 1);
                msg.put("method", "tools/call");
                msg.set("params", params);
                out.message(i, true, msg, null);
            }
        }
    }
}
