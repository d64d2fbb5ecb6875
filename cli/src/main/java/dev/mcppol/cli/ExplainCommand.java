package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.inspect.Explainer;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.json.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

@Command(name = "explain", description = "Show the path one call takes through a policy: every test, the rule, the outcome.")
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY_OR_BUNDLE")
    Path input;

    @Option(names = "--tool", required = true, description = "The tool called.")
    String tool;

    @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}", description = "The call's arguments (a JSON object).")
    String args;

    @Option(names = "--session", description = "The MCP session.")
    String session;

    @Option(names = "--identity", description = "Who the agent acts for.")
    String identity;

    @Option(names = "--claims", paramLabel = "JSON", description = "The caller's verified token claims (a JSON object).")
    String claims;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() {
        JsonNode arguments;
        try {
            arguments = Json.MAPPER.readTree(args);
        } catch (JacksonException e) {
            spec.commandLine().getErr().println("mcppol: --args is not valid JSON: " + e.getOriginalMessage());
            return ExitCodes.UNUSABLE;
        }
        if (!arguments.isObject()) {
            spec.commandLine().getErr().println("mcppol: --args must be a JSON object");
            return ExitCodes.UNUSABLE;
        }
        JsonNode claimValues = null;
        if (claims != null) {
            try {
                claimValues = Json.MAPPER.readTree(claims);
            } catch (JacksonException e) {
                spec.commandLine().getErr().println("mcppol: --claims is not valid JSON: " + e.getOriginalMessage());
                return ExitCodes.UNUSABLE;
            }
            if (!claimValues.isObject()) {
                spec.commandLine().getErr().println("mcppol: --claims must be a JSON object");
                return ExitCodes.UNUSABLE;
            }
        }
        CompileResult r = new PolicyCompiler().compile(input, options.toOptions());
        DiagnosticsPrinter.print(r, spec.commandLine().getErr());
        if (!r.ok()) {
            return ExitCodes.UNUSABLE;
        }
        Call call = new Call(tool, arguments, session, identity, System.currentTimeMillis(), null, claimValues);
        spec.commandLine().getOut().print(new Explainer().explain(r.bundle(), call));
        return ExitCodes.OK;
    }
}
