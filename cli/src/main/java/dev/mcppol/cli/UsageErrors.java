package dev.mcppol.cli;

import dev.mcppol.runtime.model.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a command line picocli cannot read is reported: one line that says what is wrong in mcppol's
 * words, a "did you mean" for a misspelt command or option, and where to find the help.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(message(ex));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.UNUSABLE;
    }

    static String message(ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            for (String arg : u.getUnmatched()) {
                if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("--")) {
                    return unknownOption(cl, arg);
                }
            }
            String first = u.getUnmatched().get(0);
            if (!cl.getSubcommands().isEmpty() && cl.getCommandSpec().positionalParameters().isEmpty()) {
                return unknownCommand(cl, first);
            }
            return qualified(cl) + ": unexpected argument '" + first + "'";
        }
        return qualified(cl) + ": " + ex.getMessage();
    }

    static String unknownCommand(CommandLine parent, String name) {
        String near = Suggestions.closest(name, parent.getSubcommands().keySet());
        return qualified(parent) + ": unknown command '" + name + "'"
                + (near != null ? "; did you mean '" + near + "'?" : "");
    }

    static String unknownOption(CommandLine cl, String arg) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        List<String> known = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (!o.hidden()) {
                known.addAll(List.of(o.names()));
            }
        }
        String near = Suggestions.closest(name, known);
        return qualified(cl) + ": unknown option '" + name + "'" + (near != null ? "; did you mean " + near + "?" : "");
    }

    private static String qualified(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }
}
