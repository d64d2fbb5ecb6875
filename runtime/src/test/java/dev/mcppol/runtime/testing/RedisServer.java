package dev.mcppol.runtime.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free loopback port, for tests: no persistence, its own temp directory.
 * Tests start it in @BeforeAll and {@link #close()} it in @AfterAll; a JVM shutdown hook kills it
 * as well, so a crashed test run leaves no server behind. Missing redis-server is an error, not a
 * skip: a limiter that was never run against Redis must not look green.
 */
public final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final String binary;
    private final int port;
    private final Path dir;
    private Process process;
    private final Thread shutdownHook = new Thread(this::kill, "redis-server-reaper");

    private RedisServer(String binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /** Starts a server on a free port and waits until it answers PING. */
    public static RedisServer start() {
        String binary = findBinary();
        IllegalStateException last = null;
        // A free port can be taken by someone else between probing and binding: try a few.
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServer server;
            try {
                server = new RedisServer(binary, freePort(), Files.createTempDirectory("mcppol-redis"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot prepare redis-server: " + e, e);
            }
            try {
                server.startProcess();
                Runtime.getRuntime().addShutdownHook(server.shutdownHook);
                return server;
            } catch (IllegalStateException e) {
                server.kill();
                last = e;
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server, keeping the port, so a test can {@link #restart()} on the same port. */
    public void stop() {
        kill();
    }

    /** Starts a fresh (empty) server on the same port. */
    public void restart() {
        kill();
        startProcess();
    }

    /** Before each test: a server that runs (restarted if a test stopped it) and holds no keys; the FLUSHALL reply. */
    public String freshState() throws IOException {
        if (!running()) {
            restart();
        }
        return command("FLUSHALL");
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /**
     * Sends inline commands on one connection (so {@code SELECT} carries over) and returns the
     * reply line of the last, e.g. {@code +PONG} or {@code :1}; every reply must be one line.
     */
    public String command(String... inlines) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            for (String inline : inlines) {
                out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            InputStream in = s.getInputStream();
            String line = "";
            for (int i = 0; i < inlines.length; i++) {
                line = readLine(in);
            }
            return line;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran; nothing left to do
        }
        deleteDir();
    }

    private void startProcess() {
        List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes"));
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            pause();
        }
        kill();
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT_MILLIS + " ms: " + log());
    }

    private void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void deleteDir() {
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                f.delete();
            }
        }
        dir.toFile().delete();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String findBinary() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && new File(configured).canExecute()) {
            return configured;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                File f = new File(d, "redis-server");
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        throw new IllegalStateException("redis-server is not installed (not on PATH, REDIS_SERVER unset): the Redis "
                + "limiter tests need a real server; run scripts/test, which installs it, or apt-get install redis-server");
    }
}
