package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Check a policy (syntax, limits, tool schemas) without compiling it.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY")
    Path policy;

    @Option(names = "--werror", description = "Treat warnings as findings (exit 1).")
    boolean werror;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() {
        CompileResult result = new PolicyCompiler().check(policy, options.toOptions());
        DiagnosticsPrinter.print(result, spec.commandLine().getErr());
        if (!result.ok()) {
            return ExitCodes.UNUSABLE;
        }
        if (werror && result.diagnostics().warningCount() > 0) {
            return ExitCodes.FINDING;
        }
        spec.commandLine().getOut().println(policy + ": ok");
        return ExitCodes.OK;
    }
}
