package dev.mcppol.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bench main class ({@link HttpProxyMain}, {@link JettyRelayMain}, …) in its own JVM with default
 * flags (as {@code java -jar mcppol.jar} starts): started, its {@code listening PORT} line read, and
 * stopped by closing its stdin.
 */
final class JvmChild implements AutoCloseable {
    private final Process process;
    private final int port;

    JvmChild(Class<?> main, List<String> args, File stderr) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        this.process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr)).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IOException(main.getSimpleName() + " did not start (see " + stderr + ")");
        }
        this.port = Integer.parseInt(line.substring("listening ".length()).trim());
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
