package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.ir.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Line-level checks run only after the YAML parser has given up. The parser stops at its first
 * error, often lines after the cause (an unclosed quote swallows what follows); these checks name
 * each unterminated quote and each flow collection left open, so a user sees every mistake at once.
 */
final class YamlLint {

    record Finding(Span span, String message) {
    }

    private final String file;
    private final String[] lines;

    YamlLint(String file, String text) {
        this.file = file;
        this.lines = text.split("\r?\n", -1);
    }

    List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            scanLine(i, out);
        }
        return out;
    }

    private void scanLine(int index, List<Finding> out) {
        String line = lines[index];
        char quote = 0;
        int quoteCol = 0;
        List<Integer> open = new ArrayList<>();
        List<Character> openChars = new ArrayList<>();
        for (int c = 0; c < line.length(); c++) {
            char ch = line.charAt(c);
            if (quote == '"') {
                if (ch == '\\') {
                    c++;
                } else if (ch == '"') {
                    quote = 0;
                }
                continue;
            }
            if (quote == '\'') {
                if (ch == '\'' && c + 1 < line.length() && line.charAt(c + 1) == '\'') {
                    c++;
                } else if (ch == '\'') {
                    quote = 0;
                }
                continue;
            }
            if (ch == '#' && (c == 0 || Character.isWhitespace(line.charAt(c - 1)))) {
                break;
            }
            // A quote only opens a quoted scalar where a scalar starts, not inside a plain one (it's).
            if ((ch == '"' || ch == '\'') && startsScalar(line, c)) {
                quote = ch;
                quoteCol = c + 1;
            } else if (ch == '[' || ch == '{') {
                open.add(c + 1);
                openChars.add(ch);
            } else if ((ch == ']' || ch == '}') && !open.isEmpty()) {
                open.remove(open.size() - 1);
                openChars.remove(openChars.size() - 1);
            }
        }
        int lineNo = index + 1;
        if (quote != 0) {
            out.add(new Finding(Span.at(file, lineNo, quoteCol), "the quoted string opened here is not closed on its line"
                    + " (a " + (quote == '"' ? "\"" : "'") + " is missing)"));
        } else if (!open.isEmpty() && !continues(index)) {
            char ch = openChars.get(0);
            out.add(new Finding(Span.at(file, lineNo, open.get(0)), "the flow " + (ch == '[' ? "list" : "mapping")
                    + " opened here is never closed (a " + (ch == '[' ? "]" : "}") + " is missing)"));
        }
    }

    private static boolean startsScalar(String line, int c) {
        int p = c - 1;
        while (p >= 0 && line.charAt(p) == ' ') {
            p--;
        }
        return p < 0 || ":-[{,?".indexOf(line.charAt(p)) >= 0;
    }

    /** Whether a flow collection left open can go on: the next content line is indented deeper. */
    private boolean continues(int index) {
        int indent = indent(lines[index]);
        for (int i = index + 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank() || l.strip().startsWith("#")) {
                continue;
            }
            return indent(l) > indent;
        }
        return false;
    }

    private static int indent(String l) {
        int n = 0;
        while (n < l.length() && (l.charAt(n) == ' ' || l.charAt(n) == '-')) {
            n++;
        }
        return n;
    }
}
