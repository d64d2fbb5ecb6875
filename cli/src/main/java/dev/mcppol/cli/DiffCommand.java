package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diff.DiffPrinter;
import dev.mcppol.compiler.diff.DiffReport;
import dev.mcppol.compiler.diff.SemanticDiff;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", description = {"Compare what two policies or bundles do (exit 0 only when proven equivalent).",
        "Otherwise exit 1 with, per tool that changed, a call that shows it."})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD")
    Path before;

    @Parameters(index = "1", paramLabel = "NEW")
    Path after;

    @Mixin
    PolicyOptions options;

    @Option(names = "--explain", description = "For each difference not proven either way, name the tests that kept it"
            + " unproven (regexes, string shapes, lengths, …) and why.")
    boolean explain;

    @Override
    public Integer call() {
        CompileResult a = new PolicyCompiler().compile(before, options.toOptions());
        DiagnosticsPrinter.print(a, spec.commandLine().getErr());
        CompileResult b = new PolicyCompiler().compile(after, options.toOptions());
        DiagnosticsPrinter.print(b, spec.commandLine().getErr());
        if (!a.ok() || !b.ok()) {
            return ExitCodes.UNUSABLE;
        }
        DiffReport report = new SemanticDiff().diff(a.bundle(), b.bundle());
        spec.commandLine().getOut().print(DiffPrinter.render(report, explain));
        return report.equivalent() ? ExitCodes.OK : ExitCodes.FINDING;
    }
}
