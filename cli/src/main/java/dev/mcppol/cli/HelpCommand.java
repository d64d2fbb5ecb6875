package dev.mcppol.cli;

import dev.mcppol.runtime.model.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcppol help [COMMAND [SUBCOMMAND…]]}: the help of any command, however deep
 * ({@code mcppol help schema pull}); an unknown name is a usage error with a "did you mean".
 */
@Command(name = "help", helpCommand = true,
        description = "Show the help of a command, e.g. `mcppol help schema pull` (same as `mcppol schema pull --help`).")
public final class HelpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommands) to describe.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine target = spec.commandLine().getParent();
        for (String name : names) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                CommandLine err = spec.commandLine();
                err.getErr().println(UsageErrors.unknownCommand(target, name));
                err.getErr().println("Try '" + target.getCommandSpec().qualifiedName() + " --help'.");
                err.getErr().flush();
                return ExitCodes.UNUSABLE;
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The closest subcommand name of {@code parent}, or null. */
    static String closestSubcommand(CommandLine parent, String name) {
        return Suggestions.closest(name, parent.getSubcommands().keySet());
    }
}
