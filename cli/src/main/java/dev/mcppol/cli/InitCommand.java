package dev.mcppol.cli;

import dev.mcppol.policytests.ProjectScaffold;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "init", description = "Create a policy repository: mcppol.yaml, an example policy, a tools snapshot "
        + "and a transcript that passes `mcppol test`. Never overwrites a file.")
public final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Where to create it (default: here).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path target = dir == null ? ProjectFileContext.cwd() : ProjectFileContext.resolve(dir);
        List<Path> written;
        try {
            written = ProjectScaffold.write(target);
        } catch (ProjectScaffold.AlreadyExists e) {
            spec.commandLine().getErr().println("mcppol: " + e.getMessage() + " (nothing was written)");
            return ExitCodes.UNUSABLE;
        }
        for (Path p : written) {
            spec.commandLine().getOut().println("wrote " + p);
        }
        spec.commandLine().getOut().println("next: run `mcppol test` in " + target);
        return ExitCodes.OK;
    }
}
