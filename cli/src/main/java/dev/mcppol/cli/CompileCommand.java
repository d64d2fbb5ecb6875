package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compile", description = "Compile a policy to a hashed decision bundle.")
public final class CompileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "Policy (DSL, Intercept YAML, PolicyLayer JSON).")
    Path policy;

    @Option(names = {"-o", "--output"}, paramLabel = "BUNDLE",
            description = "Where to write the bundle (default: POLICY with extension .bundle.json).")
    Path output;

    @Option(names = "--signing-key", paramLabel = "PRIVATE_KEY",
            description = "Sign the bundle with this Ed25519 key (PKCS#8 PEM, e.g. from `mcppol keygen`).")
    Path signingKey;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        java.security.PrivateKey key = signingKey == null ? null
                : dev.mcppol.runtime.bundle.BundleSignatures.readPrivateKey(signingKey);
        CompileResult result = new PolicyCompiler().compile(policy, options.toOptions().withKeys(key, null));
        DiagnosticsPrinter.print(result, err);
        if (!result.ok()) {
            return ExitCodes.UNUSABLE;
        }
        Path out = output != null ? output : defaultOutput(policy);
        try {
            Files.write(out, result.bytes());
        } catch (java.io.IOException e) {
            err.println("mcppol compile: cannot write " + out + ": " + WriteFailures.why(out, e));
            return ExitCodes.UNUSABLE;
        }
        spec.commandLine().getOut().println("wrote " + out + " (sha256 " + result.bundle().sha256() + ", "
                + result.bundle().tools().size() + " tools, " + result.bundle().rules().size() + " rules"
                + (key != null ? ", signed" : "") + ")");
        return ExitCodes.OK;
    }

    static Path defaultOutput(Path policy) {
        String name = policy.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return policy.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".bundle.json");
    }
}
