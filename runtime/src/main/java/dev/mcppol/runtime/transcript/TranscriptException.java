package dev.mcppol.runtime.transcript;

/** A transcript or case file that cannot be replayed: names the file, line (and column), and what is wrong. */
public final class TranscriptException extends Exception {
    private final String file;
    private final int line;
    private final int column;

    public TranscriptException(String file, int line, String message) {
        this(file, line, 0, message);
    }

    public TranscriptException(String file, int line, int column, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** 1-based column, or 0 when only the line is known (JSON Lines records are one per line). */
    public int column() {
        return column;
    }

    /** {@code file:line[:col]: message} */
    public String describe() {
        return file + (line > 0 ? ":" + line : "") + (line > 0 && column > 0 ? ":" + column : "") + ": " + getMessage();
    }
}
