package dev.mcppol.cli;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.diag.TextRenderer;
import dev.mcppol.compiler.fmt.Formatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fmt", description = {"Rewrite policy files (the DSL) in the canonical layout; comments are kept.",
        "With --check, change nothing: list the files that would change and exit 1 if there are any.",
        "Exit 2 when a file cannot be read or has syntax errors."})
public final class FmtCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--check", description = "Only report files that are not formatted (exit 1).")
    boolean check;

    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean unusable = false;
        boolean changed = false;
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                err.println(f + ": cannot read: " + e.getMessage());
                unusable = true;
                continue;
            }
            Diagnostics diagnostics = new Diagnostics();
            String formatted = Formatter.format(f.toString(), text, diagnostics);
            if (formatted == null) {
                SourceFiles sources = new SourceFiles();
                sources.add(f.toString(), text);
                err.print(new TextRenderer(sources).render(diagnostics.sorted()));
                err.println(f + ": not formatted (" + TextRenderer.summary(diagnostics) + ")");
                unusable = true;
                continue;
            }
            if (formatted.equals(text)) {
                continue;
            }
            changed = true;
            if (check) {
                out.println(f);
                continue;
            }
            try {
                Files.writeString(f, formatted, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println(f + ": cannot write: " + e.getMessage());
                unusable = true;
            }
        }
        out.flush();
        err.flush();
        return unusable ? ExitCodes.UNUSABLE : check && changed ? ExitCodes.FINDING : ExitCodes.OK;
    }
}
