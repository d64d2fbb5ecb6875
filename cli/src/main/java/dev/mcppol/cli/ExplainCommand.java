package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.inspect.Explainer;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.MethodKind;
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

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    /** What is requested: one tool, resource, prompt, or request of the server to the client. */
    static final class Subject {
        @Option(names = "--tool", required = true, description = "The tool called.")
        String tool;

        @Option(names = "--resource", required = true, paramLabel = "URI", description = "A resources/read of this URI.")
        String resource;

        @Option(names = "--prompt", required = true, paramLabel = "NAME", description = "A prompts/get of this prompt.")
        String prompt;

        @Option(names = "--client", required = true, paramLabel = "KIND",
                description = "A request of the server to the client: sampling, elicitation or roots.")
        String client;
    }

    @Option(names = "--args", paramLabel = "JSON", defaultValue = "{}", description = "The call's arguments (a JSON object); for --resource, the template variables; for --client, the request's params.")
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
            arguments = Json.tree(() -> Json.MAPPER.readTree(args));
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
                claimValues = Json.tree(() -> Json.MAPPER.readTree(claims));
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
        long now = System.currentTimeMillis();
        if (subject.tool != null) {
            String unknown = dev.mcppol.compiler.inspect.ToolLookup.unknown(r.bundle(), subject.tool);
            if (unknown != null) {
                spec.commandLine().getErr().println("mcppol explain: " + unknown);
                return ExitCodes.UNUSABLE;
            }
            Call call = new Call(subject.tool, arguments, session, identity, now, null, claimValues);
            spec.commandLine().getOut().print(new Explainer().explain(r.bundle(), call));
            return ExitCodes.OK;
        }
        MethodKind kind;
        String name;
        if (subject.resource != null) {
            kind = MethodKind.RESOURCES;
            name = subject.resource;
            ((tools.jackson.databind.node.ObjectNode) arguments).put("uri", name); // as the proxy reads it
        } else if (subject.prompt != null) {
            kind = MethodKind.PROMPTS;
            name = subject.prompt;
        } else {
            kind = MethodKind.fromWord(subject.client);
            if (kind == null || !kind.fromServer()) {
                spec.commandLine().getErr().println("mcppol: --client takes sampling, elicitation or roots");
                return ExitCodes.UNUSABLE;
            }
            name = kind.noun();
        }
        Call call = new Call(name, arguments, session, identity, now, null, claimValues);
        spec.commandLine().getOut().print(new Explainer().explain(r.bundle(), kind, call));
        return ExitCodes.OK;
    }
}
