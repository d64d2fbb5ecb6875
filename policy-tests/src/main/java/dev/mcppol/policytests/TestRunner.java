package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.runtime.transcript.TranscriptRecord;
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

    /** Told of each file as its replay starts (index from 1, count, file); a terminal shows it. */
    public interface Progress {
        void file(int index, int count, Path file);
    }

    private Progress progress = (i, n, f) -> { };

    /** Reports progress per file (e.g. on a terminal); none by default. */
    public TestRunner withProgress(Progress p) {
        this.progress = p;
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
        long decisions = 0;
        long passedUnkept = 0;
        int index = 0;
        for (Path f : files) {
            progress.file(++index, files.size(), f);
            ReplayState now = new ReplayState(bundle);
            ReplayState before = baseline == null ? null : new ReplayState(baseline);
            try (RecordSource in = RecordSource.open(f)) {
                TranscriptRecord r;
                while ((r = in.next()) != null) {
                    DecidedCall c = now.accept(in.file(), r);
                    DecidedCall old = before == null ? null : before.accept(in.file(), r);
                    if (c == null) {
                        continue;
                    }
                    decisions++;
                    coverage.count(c.decision());
                    if (c.expect() != null) {
                        CallResult result = c.toResult();
                        if (keepPassed || !result.passed()) {
                            results.add(result);
                        } else {
                            passedUnkept++;
                        }
                    }
                    if (old != null && old.decision().outcome() != c.decision().outcome()) {
                        changes.add(new ChangedCall(c.file(), c.line(), c.session(), c.identity(), c.tool(),
                                c.arguments(), old.decision(), c.decision()));
                    }
                }
            }
        }
        // A baseline run is about the change, not the expectations: transcripts without any are fine there.
        if (results.isEmpty() && passedUnkept == 0 && baseline == null) {
            throw new UnusableInput("the transcripts hold no expectation (\"expect\") at all, so nothing was tested: "
                    + files.size() + " file(s), " + decisions + " call(s)");
        }
        return new ReplayReport(files.stream().map(Path::toString).toList(), results, decisions, coverage, changes,
                passedUnkept);
    }
}
