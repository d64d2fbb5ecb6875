package dev.mcppol.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A redis-server on a free loopback port, no persistence, for the load harness; stopped on close. */
final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisProcess start(File log) throws IOException, InterruptedException {
        int port = EverythingHttp.freePort();
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] b = new byte[7];
                if (in.readNBytes(b, 0, 7) == 7 && new String(b, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return new RedisProcess(p, port);
                }
            } catch (IOException notYet) {
                Thread.sleep(50); // bounded by the deadline: redis-server is still starting
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start on port " + port);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The redis-server process (its CPU time is read from /proc by {@link RedisLimiterCpu}). */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
