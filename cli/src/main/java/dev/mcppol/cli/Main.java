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

    /** {@code -h}/{@code --help} on every command and subcommand (added here, so new ones get it too). */
    private static void addHelpOptions(CommandLine cl) {
        var spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null && spec.findOption("-h") == null && !spec.helpCommand()) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help and exit.").build());
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            addHelpOptions(sub);
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
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.addSubcommand("completion", new CommandLine(new CompletionCommand()));
        addHelpOptions(cl);
        // Option values are words, whatever their case: --format JSON, --input-format intercept.
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
