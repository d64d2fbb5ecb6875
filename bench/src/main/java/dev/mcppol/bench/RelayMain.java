package dev.mcppol.bench;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.RelayMain -- CMD ARGS...}: the floor under any
 * stdio proxy written in Java as a separate process: starts the server and copies bytes both ways
 * as they arrive, one thread per direction, no parsing, no policy, each chunk written with one
 * system call. {@link ProxyLatency} times it next to the real proxy, so the report can tell the
 * cost of the extra process hop from the cost of what the proxy does per message.
 */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) throws Exception {
        int dash = Arrays.asList(args).indexOf("--");
        Process p = new ProcessBuilder(Arrays.asList(args).subList(dash + 1, args.length))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread up = new Thread(() -> copy(new FileInputStream(FileDescriptor.in), p.getOutputStream(), true), "relay-up");
        up.setDaemon(true);
        up.start();
        copy(p.getInputStream(), new FileOutputStream(FileDescriptor.out), false);
        System.exit(p.waitFor());
    }

    private static void copy(InputStream in, OutputStream out, boolean closeAtEnd) {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            if (closeAtEnd) {
                out.close();
            }
        } catch (IOException e) {
            // one side is gone: nothing left to relay
        }
    }
}
