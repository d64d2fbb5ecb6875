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

    /** Runs a command line in the process's directory and environment; output goes to the given writers. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, ProjectFileContext.ofProcess());
    }

    /** Runs a command line in {@code context} (tests pass their own folder, environment and writers). */
    static int run(String[] args, PrintWriter out, PrintWriter err, ProjectFileContext context) {
        CommandLine cl = commandLine(context);
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

    /** The command tree, run in the process's directory and environment. */
    public static CommandLine commandLine() {
        return commandLine(ProjectFileContext.ofProcess());
    }

    static CommandLine commandLine(ProjectFileContext context) {
        CommandLine cl = new CommandLine(new McpPolCommand(context));
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
