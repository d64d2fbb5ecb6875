package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server's stdout read as the pipe it is (on Linux, a descriptor of the proxy's own) gives every
 * byte the server wrote, the last ones written just before it exits included, then the end of the
 * stream; the JDK's stream is closed, so nothing else reads the pipe. Where the pipe cannot be
 * opened again (the server already gone), the JDK's stream gives the same bytes.
 */
class ServerStdoutTest {

    private static final boolean PROC = Files.isDirectory(Path.of("/proc/self/fd"));

    @Test
    void everyByteTheServerWroteThenTheEnd() throws Exception {
        assumeTrue(PROC, "no /proc: the JDK's stream is read");
        // 200 KiB and a last line without a line end, written as fast as the pipe takes them, then the server exits
        Process p = new ProcessBuilder(List.of("sh", "-c", "head -c 204800 /dev/zero | tr '\\\\0' x; printf 'last'")).start();
        InputStream in = ServerStdout.of(p);
        assertThat(in).as("the pipe is read directly").isInstanceOf(java.io.FileInputStream.class);
        assertThatThrownBy(() -> p.getInputStream().read()).as("the JDK's stream is closed").isInstanceOf(IOException.class);
        // read as the proxy reads it, slowly at first: the server exits with the pipe still full
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        Thread.sleep(300);
        int n;
        while ((n = in.read(buf, 0, buf.length)) > 0) {
            got.write(buf, 0, n);
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        byte[] all = got.toByteArray();
        assertThat(all.length).isEqualTo(204800 + 4);
        assertThat(new String(all, all.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("last");
        assertThat(in.read()).isEqualTo(-1);
        in.close();
    }

    @Test
    void aServerAlreadyGoneIsReadThroughTheJdksStream() throws Exception {
        Process p = new ProcessBuilder(List.of("sh", "-c", "printf 'a\\nb\\n'")).start();
        p.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(200); // the reaper has drained the pipe into the JDK's stream
        InputStream in = ServerStdout.of(p);
        byte[] buf = new byte[64];
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        int n;
        while ((n = in.read(buf, 0, buf.length)) > 0) {
            got.write(buf, 0, n);
        }
        assertThat(got.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("a\nb\n");
    }
}
