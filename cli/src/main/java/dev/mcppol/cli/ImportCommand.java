package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.TextRenderer;
import dev.mcppol.compiler.print.DslPrinter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", description = "Print an Intercept YAML or PolicyLayer JSON policy in the mcppol language.")
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "Intercept YAML (either dialect) or PolicyLayer JSON.")
    Path policy;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the policy here (default: standard output).")
    Path output;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        CompileResult result = new PolicyCompiler().check(policy, options.toOptions());
        DiagnosticsPrinter.print(result, err);
        if (!result.ok()) {
            return ExitCodes.UNUSABLE;
        }
        if (result.policy() == null) {
            err.println(policy + ": a compiled bundle holds no policy source to import");
            return ExitCodes.UNUSABLE;
        }
        Diagnostics printing = new Diagnostics();
        String text = DslPrinter.print(result.policy(), printing);
        if (printing.hasErrors()) {
            err.print(new TextRenderer(result.sources()).render(printing.sorted()));
            err.println(TextRenderer.summary(printing));
            return ExitCodes.UNUSABLE;
        }
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + output);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
