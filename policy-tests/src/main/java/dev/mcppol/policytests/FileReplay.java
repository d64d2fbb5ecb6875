package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.runtime.transcript.TranscriptRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What replaying one transcript or case file adds to a {@link ReplayReport}: the expectations it
 * keeps, the calls a baseline flips, and its counts. Each file replays with state of its own (fresh
 * limiters, sessions, approvals), so files are independent and can replay on different threads; the
 * report folds them in input order, so it reads the same however many ran at once.
 *
 * @param passedUnkept expectations that held but were only counted (see {@link ReplayReport})
 */
record FileReplay(List<CallResult> results, List<ChangedCall> changes, long decisions, long passedUnkept) {

    /**
     * Replays {@code file} under {@code bundle} (and, given one, under {@code baseline} in lockstep),
     * counting each decision's rule in {@code coverage}, which this thread alone may use meanwhile.
     */
    static FileReplay of(Path file, Bundle bundle, Bundle baseline, Coverage coverage, boolean keepPassed)
            throws IOException, TranscriptException {
        List<CallResult> results = new ArrayList<>();
        List<ChangedCall> changes = new ArrayList<>();
        long decisions = 0;
        long passedUnkept = 0;
        ReplayState now = new ReplayState(bundle);
        ReplayState before = baseline == null ? null : new ReplayState(baseline);
        try (RecordSource in = RecordSource.open(file)) {
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
        return new FileReplay(results, changes, decisions, passedUnkept);
    }
}
