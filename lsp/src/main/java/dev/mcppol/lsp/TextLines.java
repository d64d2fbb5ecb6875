package dev.mcppol.lsp;

import dev.mcppol.compiler.ir.Span;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * One document's text by lines, and the conversions between the compiler's positions (1-based
 * lines, 1-based code-point columns, inclusive ends) and the protocol's (0-based, UTF-16 columns,
 * exclusive ends).
 */
final class TextLines {

    private final String text;
    private final int[] starts;

    TextLines(String text) {
        this.text = text;
        List<Integer> s = new ArrayList<>();
        s.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                s.add(i + 1);
            }
        }
        starts = s.stream().mapToInt(Integer::intValue).toArray();
    }

    String text() {
        return text;
    }

    int lineCount() {
        return starts.length;
    }

    /** Line {@code i} (0-based) without its line break; empty past the end. */
    String line(int i) {
        if (i < 0 || i >= starts.length) {
            return "";
        }
        int end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length();
        if (end > starts[i] && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(starts[i], Math.max(starts[i], end));
    }

    /** The UTF-16 offset of a protocol position, clamped to the text. */
    int offset(Position p) {
        if (p.getLine() >= starts.length) {
            return text.length();
        }
        int line = Math.max(0, p.getLine());
        return Math.min(starts[line] + Math.max(0, Math.min(p.getCharacter(), line(line).length())), text.length());
    }

    Position position(int offset) {
        int o = Math.max(0, Math.min(offset, text.length()));
        int line = java.util.Arrays.binarySearch(starts, o);
        if (line < 0) {
            line = -line - 2;
        }
        return new Position(line, o - starts[line]);
    }

    /** The UTF-16 column of code point {@code cp} (0-based) on line {@code line0}. */
    int utf16(int line0, int cp) {
        String l = line(line0);
        int cps = l.codePointCount(0, l.length());
        if (cp >= cps) {
            return l.length() + (cp - cps);
        }
        return l.offsetByCodePoints(0, Math.max(0, cp));
    }

    /** A span as a range; an unknown position is the start of the document. */
    Range range(Span s) {
        if (s == null || !s.known()) {
            return new Range(new Position(0, 0), new Position(0, 0));
        }
        int l0 = s.line() - 1;
        Position start = new Position(l0, utf16(l0, Math.max(0, s.col() - 1)));
        int endLine = Math.max(s.line(), s.endLine()) - 1;
        int endCol = endLine == l0 ? Math.max(s.col(), s.endCol()) : Math.max(1, s.endCol());
        Position end = new Position(endLine, utf16(endLine, endCol));
        return new Range(start, end);
    }

    /** A range from an ANTLR token position (1-based line, 0-based code-point column) and its text. */
    Range tokenRange(int line, int cpCol, String tokenText) {
        int l0 = line - 1;
        int start = utf16(l0, cpCol);
        return new Range(new Position(l0, start), new Position(l0, start + tokenText.length()));
    }

    String text(Range r) {
        return text.substring(offset(r.getStart()), Math.max(offset(r.getStart()), offset(r.getEnd())));
    }

    static boolean contains(Range r, Position p) {
        return !before(p, r.getStart()) && !before(r.getEnd(), p);
    }

    static boolean before(Position a, Position b) {
        return a.getLine() < b.getLine() || (a.getLine() == b.getLine() && a.getCharacter() < b.getCharacter());
    }
}
