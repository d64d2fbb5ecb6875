package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tested-docs check: every {@code $ } command shown in README.md and docs/*.md runs, from the
 * repository's root, with {@code mcppol} (and {@code ./mcppol}) being the jar just built, and its
 * output must match what the page shows ({@link DocExamples} has the rules: {@code …} wildcards,
 * unordered and skipped blocks). Commands of one page run in page order, so a page can build on its
 * own earlier commands. How to write a tested example: docs/TESTING.md, "Examples in the docs".
 */
class DocsIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = Path.of(System.getProperty("mcppol.jar", "target/mcppol.jar")).toAbsolutePath();

    @TempDir
    static Path bin;

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void theDocsShowCommandsToRun() throws Exception {
        List<DocExamples.Example> all = new ArrayList<>();
        for (Path p : pages()) {
            all.addAll(DocExamples.read(p));
        }
        assertThat(all).filteredOn(e -> e.file().getFileName().toString().equals("README.md")).hasSizeGreaterThan(8);
    }

    @TestFactory
    Stream<DynamicTest> everyCommandShownRunsAsShown() throws Exception {
        Path wrapper = bin.resolve("mcppol");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -jar '" + JAR + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages()) {
            for (DocExamples.Example e : DocExamples.read(page)) {
                tests.add(DynamicTest.dynamicTest(e.name(), () -> run(e)));
            }
        }
        return tests.stream();
    }

    private void run(DocExamples.Example e) throws Exception {
        Assumptions.assumeTrue(e.mode() != DocExamples.Mode.SKIP, "skipped by the page: " + e.skipReason());
        assertThat(JAR).as("the shaded jar (built by `package`)").exists();
        String command = e.command().replaceAll("(?<![\\w/.])\\./mcppol\\b", "mcppol");
        Path output = Files.createTempFile(bin, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        // The pages show what a person sees at a terminal, not CI's annotations or colours.
        env.remove("GITHUB_ACTIONS");
        env.remove("CI");
        env.put("NO_COLOR", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(e.name() + " did not finish in 120 s");
        }
        List<String> actual = new ArrayList<>(Files.readString(output, StandardCharsets.UTF_8).lines().toList());
        while (!actual.isEmpty() && actual.get(actual.size() - 1).isBlank()) {
            actual.remove(actual.size() - 1);
        }
        assertThat(DocExamples.matches(e.expected(), actual, e.mode()))
                .as("%s (%s:%d) printed:%n%s%n%nbut the page shows:%n%s", e.name(), ROOT.relativize(e.file()), e.line(),
                        String.join("\n", actual), String.join("\n", e.expected()))
                .isTrue();
    }
}
