package dev.mcppol.runtime.proxy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's stdout, read as the pipe it is. The JDK's stream for it asks the kernel how much is
 * left after every read ({@code FileInputStream.available}: two system calls on the way of every
 * answer). On Linux the pipe is opened again through {@code /proc/self/fd} and read directly, and the
 * JDK's stream is closed, so that nothing else reads the pipe (when the server exits, the JDK drains
 * what is left into its own stream, which is then closed and so skipped). Where that cannot be done —
 * no {@code /proc}, the server already gone, its stdout not the pipe the proxy holds — the JDK's stream.
 */
final class ServerStdout {
    private ServerStdout() {
    }

    static InputStream of(Process p) {
        try {
            String pipe = Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/fd/1")).toString();
            if (!pipe.startsWith("pipe:[")) {
                return p.getInputStream();
            }
            Path found = null;
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
                for (Path fd : fds) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue; // closed meanwhile (the listing's own descriptor among them)
                    }
                    if (target.equals(pipe)) {
                        if (found != null) {
                            return p.getInputStream(); // not the one read end expected
                        }
                        found = fd;
                    }
                }
            }
            if (found == null) {
                return p.getInputStream();
            }
            // A pipe opened through /proc never waits for a writer: a server gone by now gives end of stream.
            InputStream direct = new FileInputStream(found.toFile());
            p.getInputStream().close();
            return direct;
        } catch (IOException | RuntimeException e) {
            return p.getInputStream();
        }
    }
}
