package dev.mcppol.cli;

import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.load.InputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by every command that reads a policy. */
public final class PolicyOptions {

    @Option(names = "--tools", paramLabel = "FILE",
            description = "A tools/list snapshot to check against (repeatable); adds to the policy's own `tools` lines.")
    List<Path> tools = new ArrayList<>();

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "Force the policy format: ${COMPLETION-CANDIDATES} (default: sniffed).")
    InputFormat format = InputFormat.AUTO;

    @Option(names = "--node-budget", paramLabel = "N", description = "Largest decision structure per tool (default: ${DEFAULT-VALUE}).")
    int nodeBudget = dev.mcppol.compiler.compile.DiagramCompiler.DEFAULT_NODE_BUDGET;

    @Option(names = "--verify-key", paramLabel = "PUBLIC_KEY",
            description = "A bundle given as input must carry a valid Ed25519 signature by this key (PEM).")
    Path verifyKey;

    /** The options as the compiler takes them; a key file that cannot be read is a usage error. */
    PolicyCompiler.Options toOptions() {
        return new PolicyCompiler.Options(tools, format, nodeBudget).withKeys(null, verifyKey());
    }

    java.security.PublicKey verifyKey() {
        if (verifyKey == null) {
            return null;
        }
        try {
            return dev.mcppol.runtime.bundle.BundleSignatures.readPublicKey(verifyKey);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
