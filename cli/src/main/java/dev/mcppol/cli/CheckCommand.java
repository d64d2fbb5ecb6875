package dev.mcppol.cli;

import dev.mcppol.compiler.check.Checks;
import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.JsonRenderer;
import dev.mcppol.compiler.diag.SarifRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {"Check a policy (syntax, limits, tool schemas) without compiling it.",
        "Exit 0 when clean, 1 for warnings under --werror, 2 when the policy has errors."})
public final class CheckCommand implements Callable<Integer> {

    /** How findings are printed: text on stderr for people; JSON or SARIF on stdout for tools. */
    public enum Format { text, json, sarif }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY")
    Path policy;

    @Option(names = "--werror", description = "Treat warnings as findings (exit 1).")
    boolean werror;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). SARIF 2.1.0 suits GitHub code scanning.")
    Format format = Format.text;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() {
        CompileResult result = new PolicyCompiler(Checks.all()).check(policy, options.toOptions());
        PrintWriter out = spec.commandLine().getOut();
        var sorted = result.diagnostics().sorted();
        switch (format) {
            case json -> out.print(new JsonRenderer().render(sorted));
            case sarif -> out.print(new SarifRenderer(new Version().getVersion()[0].replace("mcppol ", ""))
                    .render(sorted));
            default -> DiagnosticsPrinter.print(result, spec.commandLine().getErr());
        }
        out.flush();
        if (!result.ok()) {
            return ExitCodes.UNUSABLE;
        }
        if (werror && result.diagnostics().warningCount() > 0) {
            return ExitCodes.FINDING;
        }
        if (format == Format.text) {
            out.println(policy + ": ok");
        }
        return ExitCodes.OK;
    }
}
