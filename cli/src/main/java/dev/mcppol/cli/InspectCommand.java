package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.inspect.BundleInspector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", description = "Print a bundle (or a policy, compiled in memory) as a decision table per tool.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE_OR_POLICY")
    Path input;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() {
        CompileResult r = new PolicyCompiler().compile(input, options.toOptions());
        DiagnosticsPrinter.print(r, spec.commandLine().getErr());
        if (!r.ok()) {
            return ExitCodes.UNUSABLE;
        }
        spec.commandLine().getOut().print(new BundleInspector().render(r.bundle()));
        return ExitCodes.OK;
    }
}
