package dev.mcppol.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mcppol transcript …}: tools for transcript files; prints usage on its own. */
@Command(name = "transcript", description = "Work with transcript files.", subcommands = {TranscriptImportCommand.class, HelpCommand.class})
public final class TranscriptCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
