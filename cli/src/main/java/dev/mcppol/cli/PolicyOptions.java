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

    PolicyCompiler.Options toOptions() {
        return new PolicyCompiler.Options(tools, format, nodeBudget);
    }
}
