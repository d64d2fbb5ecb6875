package dev.mcppol.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code server-everything streamableHttp} on a free loopback port (bound there by
 * {@code testservers/loopback-only.cjs}), its per-request stdout lines discarded.
 */
final class EverythingHttp implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    EverythingHttp(Path root) throws IOException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("node", "--require", root.resolve("testservers/loopback-only.cjs").toString(),
                root.resolve("testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(),
                "streamableHttp").redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        this.process = pb.start();
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        awaitLine(process, "listening on port");
    }

    URI endpoint() {
        return endpoint;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits (30 s at most) for a line containing {@code marker} on stderr, then drains stderr in the background. */
    private static void awaitLine(Process p, String marker) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = err.readLine()) != null && System.nanoTime() < deadline) {
            if (line.contains(marker)) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the server exited
                    }
                }, "server-stderr");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IOException("server-everything (streamableHttp) did not start");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
