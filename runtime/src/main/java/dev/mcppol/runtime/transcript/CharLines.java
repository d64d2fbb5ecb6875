package dev.mcppol.runtime.transcript;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * The lines of a text as {@link java.io.BufferedReader#readLine} splits them (at {@code \n}, {@code \r}
 * or {@code \r\n}; a last line without a terminator is a line, an empty one is not), each given as a
 * range of one buffer instead of a string of its own, which cost a replay a tenth of its time.
 *
 * <p>The reader is asked for text exactly when and as {@code BufferedReader} asks for it (8192
 * characters, whenever every character read before has been handed out in a line or held in the line
 * still open), so a decoding error (a file that is not UTF-8) surfaces at the same line as before.
 */
final class CharLines implements Closeable {
    /** {@code BufferedReader}'s buffer, and so what it asks the reader for at a time. */
    private static final int CHUNK = 8192;

    private final Reader in;
    private char[] buf = new char[2 * CHUNK];
    /** The characters read and not yet handed out: {@code [pos, end)}. */
    private int pos;
    private int end;
    /** The last line ended at a {@code \r}: a {@code \n} right after it belongs to it. */
    private boolean skipLF;
    private int lineStart;
    private int lineEnd;

    CharLines(Reader in) {
        this.in = in;
    }

    /** The buffer holding the current line, valid until the next {@link #next}. */
    char[] buf() {
        return buf;
    }

    /** Where the current line starts in {@link #buf}. */
    int start() {
        return lineStart;
    }

    /** Where the current line ends in {@link #buf} (its terminator excluded). */
    int end() {
        return lineEnd;
    }

    /** Moves to the next line; false at the end of the text. */
    boolean next() throws IOException {
        boolean omitLF = skipLF;
        int from = -1; // where the line began, once it has
        while (true) {
            if (pos >= end) {
                // Everything read is handed out or in this line: read on, keeping this line's start.
                int keep = from < 0 ? 0 : end - from;
                if (keep > 0) {
                    if (buf.length < keep + CHUNK) {
                        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, keep + CHUNK));
                    }
                    System.arraycopy(buf, from, buf, 0, keep);
                }
                if (from >= 0) {
                    from = 0;
                }
                pos = keep;
                end = keep;
                int n;
                do {
                    n = in.read(buf, keep, CHUNK);
                } while (n == 0);
                if (n < 0) {
                    if (from >= 0 && end > from) {
                        lineStart = from;
                        lineEnd = end;
                        return true;
                    }
                    return false;
                }
                end = keep + n;
            }
            if (omitLF && buf[pos] == '\n') {
                pos++;
            }
            skipLF = false;
            omitLF = false;
            if (from < 0) {
                from = pos;
            }
            int i = pos;
            while (i < end) {
                char c = buf[i];
                if (c == '\n' || c == '\r') {
                    lineStart = from;
                    lineEnd = i;
                    skipLF = c == '\r';
                    pos = i + 1;
                    return true;
                }
                i++;
            }
            pos = end;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
