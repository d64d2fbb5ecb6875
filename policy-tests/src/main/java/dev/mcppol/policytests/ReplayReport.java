package dev.mcppol.policytests;

import java.util.List;

/**
 * The outcome of replaying transcripts: every checked expectation, how many calls were decided in
 * all (calls without {@code expect} are decided too, and consume limits), rule coverage, and — when
 * a baseline policy was given — every call whose outcome the change flips.
 *
 * @param changes       empty unless the run compared against a baseline
 * @param passedUnkept  expectations that held but were counted rather than kept (a run whose reports
 *                      need only the failures keeps its memory flat however long the transcripts)
 */
public record ReplayReport(List<String> files, List<CallResult> results, long decisions, Coverage coverage,
                           List<ChangedCall> changes, long passedUnkept) {

    public ReplayReport {
        files = List.copyOf(files);
        results = List.copyOf(results);
        changes = List.copyOf(changes);
    }

    public ReplayReport(List<String> files, List<CallResult> results, long decisions, Coverage coverage,
                        List<ChangedCall> changes) {
        this(files, results, decisions, coverage, changes, 0);
    }

    public ReplayReport(List<String> files, List<CallResult> results, long decisions) {
        this(files, results, decisions, null, List.of(), 0);
    }

    public long passed() {
        return passedUnkept + results.stream().filter(CallResult::passed).count();
    }

    public long failed() {
        return results.stream().filter(r -> !r.passed()).count();
    }

    public List<CallResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
