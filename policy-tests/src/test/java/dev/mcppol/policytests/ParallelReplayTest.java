package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcppol test --jobs N}: files replayed at once give the very report of one file at a time —
 * every result in input order, coverage summed, the baseline's changes listed in order — and the
 * first unreadable file (in input order) stops the run with its own error.
 */
class ParallelReplayTest {

    /** A limit per session: each file's outcomes depend on its own fresh limiter state. */
    static final String POLICY = """
            policy demo
            default deny
            limit calls = 3 per 10s per session
            tool echo { allow as echo_ok limit calls }
            tool write { deny as no_etc when path startsWith "/etc/" reason "system files"
                         allow as write_ok }
            tool unused { allow as never }
            """;
    static final String BASELINE = """
            policy old
            default deny
            tool echo { allow }
            tool write { allow }
            """;

    @TempDir
    Path dir;
    Bundle bundle;
    Bundle baseline;
    Path transcripts;

    @BeforeEach
    void setUp() throws IOException {
        bundle = HarnessFixture.compile(dir, "demo.mcppol", POLICY);
        baseline = HarnessFixture.compile(dir, "old.mcppol", BASELINE);
        transcripts = Files.createDirectory(dir.resolve("t"));
        // The first file is far longer than the rest, so on several threads the later files finish first.
        for (int f = 0; f < 12; f++) {
            int calls = f == 0 ? 4000 : 5 + f;
            List<String> lines = new ArrayList<>();
            lines.add("{\"mcppol\":\"transcript/1\",\"session\":\"s\",\"identity\":\"u" + f + "\"}");
            for (int i = 0; i < calls; i++) {
                int k = (i + f) % 4;
                String tool = k == 0 || k == 1 ? "echo" : "write";
                String args = k == 2 ? "{\"path\":\"/etc/" + i + "\"}" : k == 3 ? "{\"path\":\"/w/" + i + "\"}" : "{}";
                // Some expectations fail: echo past the limit, and every /etc/ write (expected allowed).
                String expect = k == 1 ? "" : ",\"expect\":\"allow\"";
                lines.add(HarnessFixture.rec(i * 10, tool, args, expect));
            }
            Files.writeString(transcripts.resolve(String.format("f%02d.jsonl", f)), String.join("\n", lines) + "\n");
        }
    }

    String render(ReplayReport r) {
        return JsonReport.render(r) + ConsoleReport.changes(r.changes()) + ConsoleReport.coverage(r.coverage())
                + ConsoleReport.render(r);
    }

    ReplayReport run(int jobs, Bundle old, boolean keepPassed) throws Exception {
        return new TestRunner().withJobs(jobs).run(bundle, old, List.of(transcripts), keepPassed);
    }

    @Test
    void severalJobsGiveTheReportOfOneJob() throws Exception {
        ReplayReport one = run(1, baseline, true);
        assertThat(one.failed()).isPositive();
        assertThat(one.changes()).isNotEmpty();
        assertThat(one.coverage().byDefault()).isZero();
        String expected = render(one);
        for (int jobs : new int[] {2, 4, 16}) {
            ReplayReport many = run(jobs, baseline, true);
            assertThat(render(many)).as("--jobs %d", jobs).isEqualTo(expected);
            assertThat(many.decisions()).isEqualTo(one.decisions());
            assertThat(many.passed()).isEqualTo(one.passed());
        }
    }

    @Test
    void countedPassesAreCountedTheSame() throws Exception {
        ReplayReport one = run(1, null, false);
        ReplayReport four = run(4, null, false);
        assertThat(four.passedUnkept()).isEqualTo(one.passedUnkept()).isPositive();
        assertThat(four.results()).hasSameSizeAs(one.results());
        assertThat(ConsoleReport.render(four)).isEqualTo(ConsoleReport.render(one));
        assertThat(ConsoleReport.coverage(four.coverage())).isEqualTo(ConsoleReport.coverage(one.coverage()));
    }

    @Test
    void theFirstUnreadableFileInInputOrderStopsTheRun() throws Exception {
        Files.writeString(transcripts.resolve("f03.jsonl"), "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\n");
        Files.writeString(transcripts.resolve("f09.jsonl"), "not json\n");
        String one = messageOf(1);
        assertThat(one).contains("f03.jsonl");
        assertThat(messageOf(4)).isEqualTo(one);
    }

    String messageOf(int jobs) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> run(jobs, null, true)).isInstanceOf(TranscriptException.class)
                .satisfies(t -> thrown[0] = t);
        return ((TranscriptException) thrown[0]).describe();
    }

    @Test
    void jobsBelowOneAreRefused() {
        assertThatThrownBy(() -> new TestRunner().withJobs(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
