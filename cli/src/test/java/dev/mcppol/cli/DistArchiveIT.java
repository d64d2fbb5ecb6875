package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The release archive {@code mvn package} builds (cli/target/mcppol-VERSION.tar.gz), unpacked with
 * tar as a user would: it holds the versioned jar, the launcher, the completion scripts and one man
 * page per command of the tree {@code mcppol} runs — each naming that command's options — and its
 * launcher runs {@code --version}, also through a symlink.
 */
class DistArchiveIT {

    static final String VERSION = System.getProperty("mcppol.version", "0.1.0-SNAPSHOT");
    static final Path ARCHIVE = Path.of(System.getProperty("mcppol.dist", "target/mcppol-" + VERSION + ".tar.gz"));

    @TempDir
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(ARCHIVE).as("the release archive (built by `package`)").exists();
        Result tar = run(List.of("tar", "-xzf", ARCHIVE.toAbsolutePath().toString(), "-C", unpacked.toString()), Map.of());
        assertThat(tar.code()).as(tar.out()).isZero();
        home = unpacked.resolve("mcppol-" + VERSION);
    }

    record Result(int code, String out) {
    }

    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 60 s: " + command);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theArchiveHoldsTheJarTheLauncherTheCompletionsAndTheManPages() throws Exception {
        TreeSet<String> top = new TreeSet<>();
        try (Stream<Path> s = Files.list(home)) {
            s.forEach(p -> top.add(p.getFileName().toString()));
        }
        assertThat(top).containsExactly("README.md", "bin", "completion", "lib", "man");
        assertThat(home.resolve("lib/mcppol-" + VERSION + ".jar")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/mcppol"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(home.resolve("bin/mcppol"))).contains("lib/mcppol-" + VERSION + ".jar")
                .doesNotContain("@project.version@");
        CommandLine root = Main.commandLine();
        String bash = Files.readString(home.resolve("completion/mcppol.bash"));
        assertThat(bash).isEqualTo(CompletionCommand.script(CompletionCommand.Shell.bash, root));
        assertThat(Files.readString(home.resolve("completion/mcppol.zsh")))
                .isEqualTo(CompletionCommand.script(CompletionCommand.Shell.zsh, root));
    }

    @Test
    void everyCommandHasAManPageNamingItsOptions() throws Exception {
        List<CommandSpec> commands = new ArrayList<>();
        collect(Main.commandLine().getCommandSpec(), commands);
        assertThat(commands).hasSizeGreaterThan(20);
        TreeSet<String> expected = new TreeSet<>();
        for (CommandSpec c : commands) {
            String name = c.qualifiedName("-");
            expected.add(name + ".1");
            String page = Files.readString(home.resolve("man/man1/" + name + ".1"));
            // roff: the title line names the page; the options are written with escaped dashes.
            assertThat(page).as(name).contains(".TH \"" + name.toUpperCase().replace("-", "\\-") + "\" \"1\"")
                    .contains("mcppol " + VERSION);
            for (OptionSpec o : c.options()) {
                if (!o.hidden()) {
                    assertThat(page).as(name + " " + o.longestName()).contains(o.longestName().replace("-", "\\-"));
                }
            }
        }
        TreeSet<String> pages = new TreeSet<>();
        try (Stream<Path> s = Files.list(home.resolve("man/man1"))) {
            s.forEach(p -> pages.add(p.getFileName().toString()));
        }
        assertThat(pages).isEqualTo(expected);
    }

    @Test
    void theLauncherRunsVersionAlsoThroughASymlink() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        String version = "mcppol " + VERSION + "\ncommit [0-9a-f]{12}\n";
        Result direct = run(List.of(home.resolve("bin/mcppol").toString(), "--version"), env);
        assertThat(direct.code()).as(direct.out()).isZero();
        assertThat(direct.out()).matches(version);
        Path link = Files.createSymbolicLink(unpacked.resolve("mcppol-link"), home.resolve("bin/mcppol"));
        Result linked = run(List.of(link.toString(), "--version"), env);
        assertThat(linked.code()).as(linked.out()).isZero();
        assertThat(linked.out()).matches(version);
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        if (spec.usageMessage().hidden()) {
            return;
        }
        into.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!into.contains(sub.getCommandSpec())) {
                collect(sub.getCommandSpec(), into);
            }
        }
    }
}
