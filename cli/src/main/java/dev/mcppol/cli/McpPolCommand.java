package dev.mcppol.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: prints usage; every verb is a subcommand class of its own. */
@Command(name = "mcppol", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Policy-as-code compiler and test harness for MCP tool calls.",
        subcommands = {CompileCommand.class, CheckCommand.class, TestCommand.class, InitCommand.class,
                ImportCommand.class, FmtCommand.class, InspectCommand.class, ExplainCommand.class, DiffCommand.class,
                ProxyCommand.class, SchemaCommand.class, TranscriptCommand.class, KeygenCommand.class, LspCommand.class,
                ApprovalsCommand.class,
                HelpCommand.class})
public final class McpPolCommand implements Runnable {

    @Spec
    CommandSpec spec;

    private final ProjectFileContext context;

    McpPolCommand(ProjectFileContext context) {
        this.context = context;
    }

    /** Where this run happens (its subcommands ask through {@link ProjectFileContext#of}). */
    ProjectFileContext context() {
        return context;
    }

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of internal errors.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static boolean debug(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult r = parseResult;
        while (r != null) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
            r = r.subcommand();
        }
        return false;
    }
}
