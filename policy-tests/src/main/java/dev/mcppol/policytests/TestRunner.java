package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code mcppol test}: finds the transcripts ({@code *.jsonl}) and case files ({@code *.cases.yaml})
 * under the given paths and replays each of them, counting rule coverage and, given a baseline
 * policy, replaying each file under both in lockstep to list the calls whose outcome changes.
 */
public final class TestRunner {

    /**
     * Told of each file, in input order, as the report turns to it (index from 1, count, file); a
     * terminal shows it. With several jobs, later files may already be replaying.
     */
    public interface Progress {
        void file(int index, int count, Path file);
    }

    private Progress progress = (i, n, f) -> { };
    private int jobs = 1;

    /** Reports progress per file (e.g. on a terminal); none by default. */
    public TestRunner withProgress(Progress p) {
        this.progress = p;
        return this;
    }

    /**
     * Replays up to {@code jobs} files at once (each file's own state, so files are independent); the
     * report is the same as one file at a time ({@code 1}, the default), in the same order.
     */
    public TestRunner withJobs(int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        this.jobs = jobs;
        return this;
    }

    /** Input the runner cannot use: a missing path, no transcripts, no expectations. */
    public static final class UnusableInput extends Exception {
        public UnusableInput(String message) {
            super(message);
        }
    }

    /** Every transcript and case file under the paths, in a stable order. */
    public static List<Path> transcripts(List<Path> paths) throws IOException, UnusableInput {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UnusableInput(p + ": no such file or directory");
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && RecordSource.isReplayable(f)).sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new UnusableInput("no transcripts (*.jsonl) or case files (*.cases.yaml) under " + paths);
        }
        return out;
    }

    public ReplayReport run(Bundle bundle, List<Path> paths) throws IOException, TranscriptException, UnusableInput {
        return run(bundle, null, paths);
    }

    /**
     * Replays every file under {@code paths} with {@code bundle}; with a {@code baseline}, each file
     * is also replayed under it (same records, separate state) and the flipped calls are listed.
     */
    public ReplayReport run(Bundle bundle, Bundle baseline, List<Path> paths)
            throws IOException, TranscriptException, UnusableInput {
        return run(bundle, baseline, paths, true);
    }

    /**
     * @param keepPassed keep every expectation that held (reports listing each test need them);
     *                   false counts them instead, so memory does not grow with the transcripts
     */
    public ReplayReport run(Bundle bundle, Bundle baseline, List<Path> paths, boolean keepPassed)
            throws IOException, TranscriptException, UnusableInput {
        List<Path> files = transcripts(paths);
        List<CallResult> results = new ArrayList<>();
        List<ChangedCall> changes = new ArrayList<>();
        Coverage coverage = new Coverage(bundle);
        long[] counts = new long[2]; // decisions, passed but unkept
        ReplayPool.run(files, jobs, coverage, (f, c) -> FileReplay.of(f, bundle, baseline, c, keepPassed), progress,
                r -> {
                    results.addAll(r.results());
                    changes.addAll(r.changes());
                    counts[0] += r.decisions();
                    counts[1] += r.passedUnkept();
                });
        long decisions = counts[0];
        long passedUnkept = counts[1];
        // A baseline run is about the change, not the expectations: transcripts without any are fine there.
        if (results.isEmpty() && passedUnkept == 0 && baseline == null) {
            throw new UnusableInput("the transcripts hold no expectation (\"expect\") at all, so nothing was tested: "
                    + files.size() + " file(s), " + decisions + " call(s)");
        }
        return new ReplayReport(files.stream().map(Path::toString).toList(), results, decisions, coverage, changes,
                passedUnkept);
    }
}
