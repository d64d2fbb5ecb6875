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

    /** Failures as errors; changed calls as errors when they fail the run, else as warnings. */
    public static String render(ReplayReport report, boolean changesFail) {
        StringBuilder b = new StringBuilder();
        for (CallResult f : report.failures()) {
            b.append(command("error", f.file(), f.line(), "mcppol test: " + f.tool(),
                    f.mismatch() + " — " + ConsoleReport.decision(f.actual())));
        }
        for (ChangedCall c : report.changes()) {
            b.append(command(changesFail ? "error" : "warning", c.file(), c.line(), "mcppol test: outcome changed: " + c.tool(),
                    c.before().outcome().word() + " → " + c.after().outcome().word() + " — before: "
                            + ConsoleReport.decision(c.before()) + "; after: " + ConsoleReport.decision(c.after())));
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
