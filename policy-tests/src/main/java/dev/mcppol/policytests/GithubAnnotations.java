package dev.mcppol.policytests;

import java.util.Locale;

/**
 * GitHub Actions workflow commands ({@code ::error file=…,line=…::…}): each failed expectation and
 * each changed call shows up on the transcript line in the pull request's diff view.
 */
public final class GithubAnnotations {
    private GithubAnnotations() {
    }

    /** True when the environment says the run is a GitHub Actions job. */
    public static boolean enabled(java.util.Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("GITHUB_ACTIONS", ""));
    }

    /**
     * Failures as errors; changed calls as errors when they fail the run, else as warnings. One
     * annotation per transcript line: a call whose outcome the change flipped and whose expectation
     * therefore fails is annotated once, as the change (an error), with the failed expectation in it.
     */
    public static String render(ReplayReport report, boolean changesFail) {
        java.util.Map<String, CallResult> failed = new java.util.LinkedHashMap<>();
        for (CallResult f : report.failures()) {
            failed.putIfAbsent(f.file() + ":" + f.line(), f);
        }
        java.util.Set<String> changed = new java.util.HashSet<>();
        for (ChangedCall c : report.changes()) {
            changed.add(c.file() + ":" + c.line());
        }
        StringBuilder b = new StringBuilder();
        for (CallResult f : failed.values()) {
            if (!changed.contains(f.file() + ":" + f.line())) {
                b.append(command("error", f.file(), f.line(), "mcppol test: " + f.tool(),
                        f.mismatch() + " — " + ConsoleReport.decision(f.actual())));
            }
        }
        java.util.Set<String> done = new java.util.HashSet<>();
        for (ChangedCall c : report.changes()) {
            String key = c.file() + ":" + c.line();
            if (!done.add(key)) {
                continue;
            }
            CallResult alsoFailed = failed.get(key);
            b.append(command(changesFail || alsoFailed != null ? "error" : "warning", c.file(), c.line(),
                    "mcppol test: outcome changed: " + c.tool(), c.before().outcome().word() + " → "
                            + c.after().outcome().word() + (alsoFailed != null ? " (" + alsoFailed.mismatch() + ")" : "")
                            + " — before: " + ConsoleReport.decision(c.before()) + "; after: "
                            + ConsoleReport.decision(c.after())));
        }
        return b.toString();
    }

    static String command(String level, String file, int line, String title, String message) {
        return "::" + level.toLowerCase(Locale.ROOT) + " file=" + property(file) + ",line=" + line + ",title="
                + property(title) + "::" + data(message) + "\n";
    }

    /** Escaping of a command's message, as the Actions runner decodes it. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escaping of a property value: also ':' and ',' which would end it. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
