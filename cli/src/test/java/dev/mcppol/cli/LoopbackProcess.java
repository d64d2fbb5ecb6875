package dev.mcppol.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server process a test starts on loopback: ready once a line of its stderr says so; always stopped. */
final class LoopbackProcess implements AutoCloseable {
    private final Process process;
    private final StringBuilder output = new StringBuilder();

    private LoopbackProcess(Process process) {
        this.process = process;
    }

    /** Starts the command and waits (bounded) until a line of its stderr or stdout contains {@code ready}. */
    static LoopbackProcess start(List<String> command, Map<String, String> env, String ready) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        LoopbackProcess p = new LoopbackProcess(pb.start());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.process.getInputStream(), StandardCharsets.UTF_8));
        Object lock = new Object();
        boolean[] seen = {false};
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (lock) {
                        p.output.append(line).append('\n');
                        if (line.contains(ready)) {
                            seen[0] = true;
                            lock.notifyAll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process stopped
            }
            synchronized (lock) {
                lock.notifyAll();
            }
        }, "loopback-process-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (lock) {
            while (!seen[0] && p.process.isAlive() && System.nanoTime() < deadline) {
                try {
                    lock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!seen[0]) {
                p.close();
                throw new IllegalStateException(command.get(0) + " did not become ready: " + p.output);
            }
        }
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
