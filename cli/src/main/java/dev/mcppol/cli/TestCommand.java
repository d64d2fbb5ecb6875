package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.policytests.ConsoleReport;
import dev.mcppol.policytests.ReplayReport;
import dev.mcppol.policytests.TestRunner;
import dev.mcppol.policytests.TranscriptException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", description = "Replay recorded MCP transcripts against a policy and check every expectation.")
public final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "POLICY_OR_BUNDLE",
            description = "The policy (any format) or compiled bundle to test.")
    Path policy;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Transcript files (*.jsonl) or folders holding them.")
    List<Path> paths;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompileResult compiled = new PolicyCompiler().compile(policy, options.toOptions());
        DiagnosticsPrinter.print(compiled, err);
        if (!compiled.ok()) {
            return ExitCodes.UNUSABLE;
        }
        ReplayReport report;
        try {
            report = new TestRunner().run(compiled.bundle(), paths);
        } catch (TranscriptException e) {
            err.println("mcppol: " + e.describe());
            return ExitCodes.UNUSABLE;
        } catch (TestRunner.UnusableInput e) {
            err.println("mcppol: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        out.print(ConsoleReport.render(report));
        out.flush();
        return report.failed() == 0 ? ExitCodes.OK : ExitCodes.FINDING;
    }
}
