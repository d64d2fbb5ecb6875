package dev.mcppol.policytests;

import java.util.List;

/**
 * The outcome of replaying transcripts: every checked expectation, and how many calls were
 * decided in all (calls without {@code expect} are decided too, and consume limits).
 */
public record ReplayReport(List<String> files, List<CallResult> results, long decisions) {

    public ReplayReport {
        files = List.copyOf(files);
        results = List.copyOf(results);
    }

    public long passed() {
        return results.stream().filter(CallResult::passed).count();
    }

    public long failed() {
        return results.size() - passed();
    }

    public List<CallResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
