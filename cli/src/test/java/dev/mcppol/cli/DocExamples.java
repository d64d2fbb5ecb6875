package dev.mcppol.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of a Markdown file, as {@link DocsIT} runs them. In a fenced block, a line
 * starting with {@code $ } is a command (continued on the next line after a trailing {@code \});
 * the lines after it, up to the next command or the end of the block, are its expected output
 * (stdout and stderr together). In expected output, {@code …} stands for any text on that line, and
 * a line holding only {@code …} for any number of lines. A block of commands without {@code $ } is
 * a template (placeholders such as {@code B} or {@code CMD}) and is not run.
 *
 * <p>A comment right before the opening fence changes how the block runs:
 * {@code <!-- doctest: unordered -->} compares output lines in any order (for output of concurrent
 * processes); {@code <!-- doctest: skip REASON -->} does not run the block, and the reason is
 * reported.
 */
final class DocExamples {
    private DocExamples() {
    }

    enum Mode { ORDERED, UNORDERED, SKIP }

    record Example(Path file, int line, String command, List<String> expected, Mode mode, String skipReason) {
        String name() {
            String first = command.lines().findFirst().orElse("");
            return file.getFileName() + ":" + line + " $ " + (first.length() > 90 ? first.substring(0, 87) + "..." : first);
        }
    }

    private static final Pattern DIRECTIVE = Pattern.compile("<!--\\s*doctest:\\s*(unordered|skip)\\s*(.*?)\\s*-->");

    static List<Example> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        boolean inBlock = false;
        Mode mode = Mode.ORDERED;
        String reason = null;
        String command = null;
        int commandLine = 0;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```")) {
                if (!inBlock) {
                    inBlock = true;
                    Matcher m = i > 0 ? DIRECTIVE.matcher(lines.get(i - 1).trim()) : null;
                    mode = m != null && m.matches() ? (m.group(1).equals("skip") ? Mode.SKIP : Mode.UNORDERED) : Mode.ORDERED;
                    reason = m != null && m.matches() ? m.group(2) : null;
                } else {
                    if (command != null) {
                        out.add(new Example(file, commandLine, command, trim(expected), mode, reason));
                    }
                    inBlock = false;
                    command = null;
                    expected = new ArrayList<>();
                }
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (l.startsWith("$ ")) {
                if (command != null) {
                    out.add(new Example(file, commandLine, command, trim(expected), mode, reason));
                }
                commandLine = i + 1;
                StringBuilder c = new StringBuilder(l.substring(2));
                while (c.toString().endsWith("\\") && i + 1 < lines.size()) {
                    c.append('\n').append(lines.get(++i));
                }
                command = c.toString();
                expected = new ArrayList<>();
            } else if (command != null) {
                expected.add(l);
            }
        }
        return out;
    }

    private static List<String> trim(List<String> lines) {
        List<String> t = new ArrayList<>(lines);
        while (!t.isEmpty() && t.get(t.size() - 1).isBlank()) {
            t.remove(t.size() - 1);
        }
        return t;
    }

    /** Whether {@code actual} matches the expected lines ({@code …} wildcards), in order or in any order. */
    static boolean matches(List<String> expected, List<String> actual, Mode mode) {
        if (mode == Mode.UNORDERED) {
            List<String> left = new ArrayList<>(actual);
            boolean gaps = false;
            for (String e : expected) {
                if (e.strip().equals("…")) {
                    gaps = true;
                    continue;
                }
                Pattern p = line(e);
                int hit = -1;
                for (int j = 0; j < left.size() && hit < 0; j++) {
                    if (p.matcher(left.get(j)).matches()) {
                        hit = j;
                    }
                }
                if (hit < 0) {
                    return false;
                }
                left.remove(hit);
            }
            return gaps || left.isEmpty();
        }
        return ordered(expected, 0, actual, 0);
    }

    private static boolean ordered(List<String> e, int i, List<String> a, int j) {
        if (i == e.size()) {
            return j == a.size();
        }
        if (e.get(i).strip().equals("…")) {
            for (int k = j; k <= a.size(); k++) {
                if (ordered(e, i + 1, a, k)) {
                    return true;
                }
            }
            return false;
        }
        return j < a.size() && line(e.get(i)).matcher(a.get(j)).matches() && ordered(e, i + 1, a, j + 1);
    }

    /** One expected line as a pattern: literal text, {@code …} for any text, trailing spaces ignored. */
    static Pattern line(String expected) {
        StringBuilder re = new StringBuilder();
        String[] parts = expected.stripTrailing().split("…", -1);
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[k]));
        }
        return Pattern.compile(re + "\\s*");
    }
}
