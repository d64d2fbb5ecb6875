package dev.mcppol.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build time only (run by the cli module's {@code prepare-package}; not in the shipped jar): writes
 * the release archive's generated files from the same command tree {@code mcppol} runs
 * ({@link Main#commandLine()}, with the {@code -h} options and the {@code completion} command it
 * adds) — one AsciiDoc man page per command (picocli's ManPageGenerator; the build turns them into
 * roff) and the bash and zsh completion scripts. Nothing here is written by hand, so the pages and
 * scripts cannot fall behind the commands.
 */
public final class DistFiles {
    private DistFiles() {
    }

    /** {@code args[0]}: the folder to write {@code adoc/} and {@code completion/} into. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistFiles OUTDIR");
        }
        Path out = Path.of(args[0]);
        CommandLine root = Main.commandLine();
        Path adoc = Files.createDirectories(out.resolve("adoc"));
        int status = ManPageGenerator.generateManPage(adoc.toFile(), (File) null, new boolean[0], false,
                root.getCommandSpec());
        if (status != 0) {
            throw new IOException("the man page generator stopped with status " + status);
        }
        Path completion = Files.createDirectories(out.resolve("completion"));
        for (CompletionCommand.Shell shell : CompletionCommand.Shell.values()) {
            Files.writeString(completion.resolve("mcppol." + shell.name()), CompletionCommand.script(shell, root),
                    StandardCharsets.UTF_8);
        }
    }
}
