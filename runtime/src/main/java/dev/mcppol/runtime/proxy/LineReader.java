package dev.mcppol.runtime.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited messages without ever holding more than the size limit: a line that grows
 * past it is skipped to its end and reported as oversize, so an agent cannot exhaust the proxy's
 * memory with one endless line.
 */
final class LineReader {
    /** {@link #next()} returns this marker for a line over the limit. */
    static final byte[] OVERSIZE = new byte[0];

    private final InputStream in;
    private final int max;
    private static final int READ = 8 * 1024;
    private final byte[] buf = new byte[READ];
    private int pos;
    private int end;
    private byte[] line = new byte[8 * 1024];
    /** What the last oversize line revealed of its top-level id (null before the first). */
    private TopLevelIdScanner scanner;
    private int length;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.max = maxBytes;
    }

    /** The next non-empty line (without its line end), {@link #OVERSIZE}, or null at end of stream. */
    byte[] next() throws IOException {
        while (true) {
            byte[] l = readLine();
            if (l == null || l == OVERSIZE || l.length > 0) {
                return l;
            }
        }
    }

    private byte[] readLine() throws IOException {
        length = 0;
        boolean oversize = false;
        while (true) {
            if (pos == end) {
                // at most 8 KiB a read: a longer one makes the JDK allocate and free a buffer of that size for each read
                end = in.read(buf, 0, READ);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    // A last line without a newline still counts as a message.
                    return oversize ? OVERSIZE : length == 0 ? null : trimmed();
                }
            }
            int nl = -1;
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int stop = nl >= 0 ? nl : end;
            if (!oversize && length == 0 && nl >= 0 && stop - pos <= max) {
                // the whole line is in the buffer: copied out once, not twice
                int from = pos;
                pos = nl + 1;
                return Arrays.copyOfRange(buf, from, stop > from && buf[stop - 1] == '\r' ? stop - 1 : stop);
            }
            if (!oversize) {
                append(pos, stop - pos);
                if (length > max) {
                    oversize = true;
                    // The rest is skipped unread, but its id is kept: its request still deserves an answer.
                    scanner = new TopLevelIdScanner();
                    scanner.feed(line, 0, length);
                    length = 0;
                }
            } else {
                scanner.feed(buf, pos, stop - pos);
            }
            pos = nl >= 0 ? nl + 1 : end;
            if (nl >= 0) {
                return oversize ? OVERSIZE : trimmed();
            }
        }
    }

    /** The scan of the last line returned as {@link #OVERSIZE}. */
    TopLevelIdScanner lastOversize() {
        return scanner;
    }

    private void append(int from, int n) {
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buf, from, line, length, n);
        length += n;
    }

    private byte[] trimmed() {
        int n = length;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return Arrays.copyOf(line, n);
    }
}
