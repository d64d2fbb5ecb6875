package dev.mcppol.cli;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.SchemaPuller;
import dev.mcppol.runtime.mcp.StdioJsonRpcClient;
import dev.mcppol.runtime.model.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

@Command(name = "pull", description = {"Start a stdio MCP server (or reach one over Streamable HTTP with --url), ask"
        + " for its tools and write the snapshot ({\"tools\":[...]}) that `tools \"FILE\"` and --tools read.",
        "Example: mcppol schema pull -o everything.tools.json -- npx @modelcontextprotocol/server-everything",
        "         mcppol schema pull -o everything.tools.json --url http://127.0.0.1:3001/mcp",
        "Exit 2 when the server cannot be started, dies or does not answer in time; it is always stopped."})
public final class SchemaPullCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
    Path output;

    @Option(names = "--timeout", paramLabel = "D", description = "For the whole exchange, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    String timeout = "30s";

    @Option(names = "--url", paramLabel = "URL", description = "The Streamable HTTP endpoint of a running server, instead of a command.")
    String url;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The server command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        long millis = Durations.parse(timeout);
        if (millis <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout: '" + timeout
                    + "' is not a duration (e.g. 500ms, 30s, 2m)");
        }
        if ((url == null) == command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), url == null
                    ? "give the server command after --, or --url URL for a server over Streamable HTTP"
                    : "--url and a server command exclude each other: one server at a time");
        }
        URI endpoint = url == null ? null : ServerUrl.parse(spec.commandLine(), "--url", url);
        JsonNode snapshot;
        try {
            snapshot = endpoint != null ? SchemaPuller.pull(endpoint, Duration.ofMillis(millis), version())
                    : SchemaPuller.pull(command, Duration.ofMillis(millis), version());
        } catch (StdioJsonRpcClient.RpcException e) {
            spec.commandLine().getErr().println("mcppol: schema pull: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.UNUSABLE;
        }
        String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot) + "\n";
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                spec.commandLine().getErr().println("mcppol: schema pull: cannot write " + output + ": "
                        + e.getMessage());
                return ExitCodes.UNUSABLE;
            }
            spec.commandLine().getErr().println("wrote " + snapshot.get("tools").size() + " tools to " + output);
        }
        return ExitCodes.OK;
    }

    private static String version() {
        return new Version().getVersion()[0].replace("mcppol ", "");
    }
}
