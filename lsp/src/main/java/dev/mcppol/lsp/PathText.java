package dev.mcppol.lsp;

import dev.mcppol.runtime.model.PathSeg;
import java.util.ArrayList;
import java.util.List;

/** Reads an argument path as written ({@code a.b[0]["c d"][*]}, optionally {@code args.}-prefixed) while it is being typed. */
final class PathText {
    private PathText() {
    }

    /** The segments, or null when the text is not a path. */
    static List<PathSeg> parse(String text) {
        List<PathSeg> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        boolean first = true;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.' && !first) {
                int j = i + 1;
                while (j < n && isKeyChar(text.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    return null;
                }
                out.add(new PathSeg.Key(text.substring(i + 1, j)));
                i = j;
            } else if (c == '[') {
                int close = closing(text, i);
                if (close < 0) {
                    return null;
                }
                String inner = text.substring(i + 1, close);
                if (inner.equals("*")) {
                    out.add(new PathSeg.Any());
                } else if (inner.matches("[0-9]+")) {
                    out.add(new PathSeg.Index(Integer.parseInt(inner)));
                } else if (inner.length() >= 2 && inner.startsWith("\"") && inner.endsWith("\"")) {
                    out.add(new PathSeg.Key(PolicySyntax.unquote(inner)));
                } else {
                    return null;
                }
                i = close + 1;
            } else if (first && isKeyChar(c)) {
                int j = i;
                while (j < n && isKeyChar(text.charAt(j))) {
                    j++;
                }
                out.add(new PathSeg.Key(text.substring(i, j)));
                i = j;
            } else {
                return null;
            }
            first = false;
        }
        if (out.size() > 1 && out.get(0) instanceof PathSeg.Key k && k.name().equals("args")) {
            out.remove(0);
        }
        return out;
    }

    private static int closing(String text, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Whether a key can be written bare after a dot. */
    static boolean bare(String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_]*");
    }
}
