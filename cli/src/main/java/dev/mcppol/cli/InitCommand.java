package dev.mcppol.cli;

import dev.mcppol.policytests.ProjectScaffold;
import dev.mcppol.policytests.ServerScaffold;
import dev.mcppol.runtime.mcp.SchemaPuller;
import dev.mcppol.runtime.mcp.StdioJsonRpcClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "init", description = {"Create a policy repository: mcppol.yaml, a policy, a tools snapshot "
        + "and a transcript that passes `mcppol test`. Never overwrites a file.",
        "mcppol init [DIR]                        an example to start from",
        "mcppol init --from-server [DIR] -- CMD…  for a stdio MCP server: its tools, and a policy drawn from"
        + " their annotations (read-only allowed, destructive asked, unannotated denied)",
        "mcppol init --from-url URL [DIR]         the same for a Streamable HTTP MCP server, e.g."
        + " http://127.0.0.1:3001/mcp"})
public final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from-server", description = "Start the server given after -- and scaffold for its tools.")
    boolean fromServer;

    @Option(names = "--from-url", paramLabel = "URL", description = "Scaffold for the tools of the Streamable HTTP MCP server at URL.")
    String fromUrl;

    @Option(names = "--timeout", paramLabel = "D", description = "With --from-server or --from-url: for the whole exchange (default: ${DEFAULT-VALUE}).")
    String timeout = "30s";

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Where to create it (default: here); with --from-server, then -- and the server command.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dash = original.indexOf("--");
        List<String> command = dash < 0 ? List.of() : original.subList(dash + 1, original.size());
        List<String> dirs = args.subList(0, args.size() - command.size());
        if (dirs.size() > 1) {
            throw new ParameterException(spec.commandLine(), "init takes one DIR, got " + dirs);
        }
        if (fromServer && fromUrl != null) {
            throw new ParameterException(spec.commandLine(), "--from-server and --from-url exclude each other: one server at a time");
        }
        URI url = fromUrl == null ? null : ServerUrl.parse(spec.commandLine(), "--from-url", fromUrl);
        if (fromServer != !command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), fromServer
                    ? "--from-server needs the server command after --, e.g. mcppol init --from-server -- npx @modelcontextprotocol/server-filesystem /tmp"
                    : "a server command after -- needs --from-server");
        }
        ProjectFileContext here = ProjectFileContext.of(spec);
        Path target = dirs.isEmpty() ? here.cwd() : here.resolve(Path.of(dirs.get(0)));
        List<Path> written;
        try {
            if (fromServer || url != null) {
                long millis = dev.mcppol.runtime.model.Durations.parse(timeout);
                if (millis <= 0) {
                    throw new ParameterException(spec.commandLine(), "--timeout: '" + timeout
                            + "' is not a duration (e.g. 500ms, 30s, 2m)");
                }
                JsonNode snapshot;
                try {
                    snapshot = url != null ? SchemaPuller.pull(url, Duration.ofMillis(millis), Version.number())
                            : SchemaPuller.pull(command, Duration.ofMillis(millis), Version.number());
                } catch (StdioJsonRpcClient.RpcException e) {
                    spec.commandLine().getErr().println("mcppol init: " + e.getMessage() + " (nothing was written)");
                    return ExitCodes.UNUSABLE;
                }
                written = ServerScaffold.write(target, snapshot, url != null ? ServerScaffold.Origin.url(fromUrl)
                        : ServerScaffold.Origin.command(command));
            } else {
                written = ProjectScaffold.write(target);
            }
        } catch (ProjectScaffold.AlreadyExists e) {
            spec.commandLine().getErr().println("mcppol: " + e.getMessage() + " (nothing was written)");
            return ExitCodes.UNUSABLE;
        }
        for (Path p : written) {
            spec.commandLine().getOut().println("wrote " + p);
        }
        spec.commandLine().getOut().println("next: review policy.mcppol, then run `mcppol check --werror policy.mcppol`"
                + " and `mcppol test` in " + target);
        return ExitCodes.OK;
    }
}
