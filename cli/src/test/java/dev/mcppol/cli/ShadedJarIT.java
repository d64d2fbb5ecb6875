package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the shaded jar itself, as users do: a missing main class, manifest entry or services file
 * shows only here, not in tests that call the classes directly.
 */
class ShadedJarIT {

    static final Path JAR = Path.of(System.getProperty("mcppol.jar", "target/mcppol.jar"));

    record Result(int code, String out, String err) {
    }

    static Result java(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar (built by `package`)").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mcppol did not finish in 60 s: " + cmd);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void versionRuns() throws Exception {
        Result r = java("--version");
        assertThat(r.code()).isZero();
        // Built from this checkout: the commit is known (the build asks git).
        assertThat(r.out()).matches("mcppol \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\ncommit [0-9a-f]{12}\\n");
    }

    @Test
    void theExampleReplaysGreenThroughTheJar() throws Exception {
        Result r = java("test", "--policy", "../examples/jupyter/policy.mcppol", "../examples/jupyter/transcripts");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).endsWith(" passed, 0 failed\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void schemaValidationWorksInTheJar(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // `validate` goes through the JSON Schema library, whose dialects are found at run time.
        Path policy = dir.resolve("v.mcppol");
        Files.writeString(policy, "tools \"" + Path.of("../examples/jupyter/jupyter.tools.json").toAbsolutePath()
                + "\"\ntool start_kernel { validate\n allow }\n");
        Path t = dir.resolve("v.jsonl");
        Files.writeString(t, "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"start_kernel\",\"arguments\":{\"kernel_name\":\"cobol\"}}},"
                + "\"expect\":{\"outcome\":\"deny\",\"reason\":\"enum\"}}\n"
                + "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"start_kernel\",\"arguments\":{\"kernel_name\":\"ir\"}}},\"expect\":\"allow\"}\n");
        Result r = java("test", "--policy", policy.toString(), t.toString());
        assertThat(r.out()).endsWith("2 passed, 0 failed\n");
        assertThat(r.code()).isZero();
    }
}
