package dev.mcppol.runtime.proxy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * server-everything serving Streamable HTTP on a free loopback port, for the tests of the HTTP proxy:
 * started and awaited in one place, stopped by {@link #close} (each test closes the one it started).
 */
final class EverythingHttp implements AutoCloseable {
    private final Process process;
    private final int port;

    private EverythingHttp(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static EverythingHttp start() throws Exception {
        int port = TestServers.freePort();
        ProcessBuilder pb = new ProcessBuilder("node", "--require", TestServers.loopbackPreload().toString(),
                TestServers.everythingJs().toString(), "streamableHttp").redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        EverythingHttp server = new EverythingHttp(pb.start(), port);
        try {
            server.awaitReady();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The MCP endpoint. */
    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    private void awaitReady() throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            if (line.contains("listening on port")) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (Exception ignored) {
                        // the server stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("server-everything (streamableHttp) did not become ready");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
