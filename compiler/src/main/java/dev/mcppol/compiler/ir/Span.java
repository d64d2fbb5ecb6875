package dev.mcppol.compiler.ir;

/** A source range: file name as the user gave it, 1-based lines and columns, end inclusive. */
public record Span(String file, int line, int col, int endLine, int endCol) {

    public static Span at(String file, int line, int col) {
        return new Span(file, line, col, line, col);
    }

    /** Where the thing came from when there is no source text (e.g. a flag). */
    public static Span none(String origin) {
        return new Span(origin, 0, 0, 0, 0);
    }

    public boolean known() {
        return line > 0;
    }

    /** {@code file:line:col}, or just the file when the position is unknown. */
    public String location() {
        return known() ? file + ":" + line + ":" + col : file;
    }
}
