package dev.mcppol.policytests;

/** A transcript that cannot be replayed: names the file and line, and what is wrong. */
public final class TranscriptException extends Exception {
    private final String file;
    private final int line;

    public TranscriptException(String file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** {@code file:line: message} */
    public String describe() {
        return file + (line > 0 ? ":" + line : "") + ": " + getMessage();
    }
}
