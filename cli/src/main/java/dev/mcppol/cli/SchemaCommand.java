package dev.mcppol.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mcppol schema}: a group; its verbs are subcommands. */
@Command(name = "schema", description = "Tool schemas: take snapshots of what MCP servers offer.",
        subcommands = {SchemaPullCommand.class, HelpCommand.class})
public final class SchemaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
