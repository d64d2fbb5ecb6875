package dev.mcppol.runtime.proxy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The proxy's own diagnostics on stderr. On stdio the server's stderr is relayed to the same stream,
 * so every write takes one lock and ends with a newline: lines from both never interleave.
 */
public final class ProxyLog {
    private final PrintStream out;

    public ProxyLog(OutputStream err) {
        this.out = err instanceof PrintStream p ? p : new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    public void info(String message) {
        line("mcppol proxy: " + message);
    }

    public void warn(String message) {
        line("mcppol proxy: warning: " + message);
    }

    /** Writes one line as is (used to relay the server's stderr). */
    public void line(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    public void raw(byte[] bytes, int off, int len) {
        synchronized (out) {
            out.write(bytes, off, len);
            out.flush();
        }
    }
}
