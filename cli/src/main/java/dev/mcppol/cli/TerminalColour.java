package dev.mcppol.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colour for people at a terminal: errors red, warnings yellow, help cyan, a green or red test
 * summary. Never in CI logs ({@code CI}, {@code GITHUB_ACTIONS}), never when {@code NO_COLOR} is set
 * (no-color.org), never on a dumb terminal or when output is redirected. Only the words are
 * painted; the text stays byte for byte what it is without colour.
 */
final class TerminalColour {
    private TerminalColour() {
    }

    private static final String RED = "\u001b[1;31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";

    private static final Pattern SEVERITY = Pattern.compile("(?m)(error|warning)\\[[EW]\\d+\\]");
    private static final Pattern HELP = Pattern.compile("(?m)^  help:");
    private static final Pattern FAIL = Pattern.compile("(?m)^(FAILED:|FAIL|CHANGED)");
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");

    /** Whether to paint: a terminal, and nothing in the environment saying not to. */
    static boolean enabled(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty()) && env.get("CI") == null
                && !"true".equals(env.get("GITHUB_ACTIONS")) && !"dumb".equals(env.get("TERM"));
    }

    /** For this process: stdout and stderr both a terminal (as far as Java can tell), and the environment. */
    static boolean enabled() {
        return enabled(System.getenv(), System.console() != null);
    }

    static String diagnostics(String text) {
        Matcher m = SEVERITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement((m.group(1).equals("error") ? RED : YELLOW) + m.group() + RESET));
        }
        m.appendTail(out);
        return HELP.matcher(out).replaceAll(Matcher.quoteReplacement("  " + CYAN + "help:" + RESET));
    }

    static String report(String text) {
        String painted = FAIL.matcher(text).replaceAll(m -> Matcher.quoteReplacement(RED + m.group() + RESET));
        return SUMMARY.matcher(painted).replaceAll(m -> Matcher.quoteReplacement(
                (m.group(2).equals("0") ? GREEN : RED) + m.group() + RESET));
    }
}
