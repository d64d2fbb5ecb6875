package dev.mcppol.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code mcppol} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line; output goes to the given writers (tests pass their own). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new McpPolCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("mcppol: error: " + (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getName()));
            if (McpPolCommand.debug(parseResult)) {
                ex.printStackTrace(err);
            } else {
                err.println("(run with --debug for details)");
            }
            err.flush();
            return ExitCodes.UNUSABLE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mcppol: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCodes.UNUSABLE;
        });
        return cl;
    }
}
