package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.check.Check;
import dev.mcppol.compiler.check.Checks;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.load.InputFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The compiler as a list of named stages over one immutable {@link Compilation}:
 * parse → resolve → check → diagrams → reachability → bundle (docs/COMPILER.md). A stage that
 * reports an error stops the stages that need its product; every finding reported is kept.
 */
public final class PolicyCompiler {

    /**
     * @param toolsFiles {@code --tools} snapshots, in addition to the policy's own {@code tools} lines
     * @param nodeBudget the most nodes a tool's diagram may have ({@code --node-budget})
     * @param signingKey signs the bundle written (null: unsigned)
     * @param verifyKey  a bundle given as input must carry a valid signature by this key (null: hash only)
     */
    public record Options(List<Path> toolsFiles, InputFormat format, int nodeBudget,
                          java.security.PrivateKey signingKey, java.security.PublicKey verifyKey) {

        public Options(List<Path> toolsFiles, InputFormat format, int nodeBudget) {
            this(toolsFiles, format, nodeBudget, null, null);
        }

        public static Options defaults() {
            return new Options(List.of(), InputFormat.AUTO, DiagramCompiler.DEFAULT_NODE_BUDGET);
        }

        public Options withTools(List<Path> tools) {
            return new Options(tools, format, nodeBudget, signingKey, verifyKey);
        }

        public Options withFormat(InputFormat f) {
            return new Options(toolsFiles, f, nodeBudget, signingKey, verifyKey);
        }

        public Options withKeys(java.security.PrivateKey signing, java.security.PublicKey verify) {
            return new Options(toolsFiles, format, nodeBudget, signing, verify);
        }
    }

    private final List<Check> checks;

    public PolicyCompiler() {
        this(Checks.defaults());
    }

    /** A compiler running {@code check}'s full list (deployment advisories included). */
    public static PolicyCompiler withAllChecks() {
        return new PolicyCompiler(Checks.all());
    }

    private PolicyCompiler(List<Check> checks) {
        this.checks = checks;
    }

    /** The stages {@code check} runs: everything but writing the bundle. */
    public Pipeline checking() {
        return new Pipeline(List.of(new ParseStage(), new ResolveStage(), new CheckStage(checks), new DiagramStage(),
                new ReachabilityStage()));
    }

    /** The whole pipeline. */
    public Pipeline compiling() {
        return new Pipeline(List.of(new ParseStage(), new ResolveStage(), new CheckStage(checks), new DiagramStage(),
                new ReachabilityStage(), new BundleStage()));
    }

    /** Read, bind schemas and check, without building the bundle. */
    public CompileResult check(Path file, Options options) {
        return checking().run(Compilation.ofFile(file, null, options)).result();
    }

    /** The whole pipeline; a bundle given as input is loaded and verified instead. */
    public CompileResult compile(Path file, Options options) {
        return compiling().run(Compilation.ofFile(file, null, options)).result();
    }

    /**
     * {@link #check(Path, Options)} on text already in memory (an editor's buffer) under the name
     * {@code file}: relative {@code tools} lines resolve against the file's folder as on disk.
     */
    public CompileResult check(Path file, String text, Options options) {
        return checking().run(Compilation.ofFile(file, text, options)).result();
    }

    /**
     * The check and reachability stages on a policy already in IR with its schemas bound (no file: no
     * claims schema or resource catalog is read).
     */
    public CompileResult check(Policy policy, Map<String, JsonNode> schemas) {
        Pipeline stages = new Pipeline(List.of(new CheckStage(checks), new DiagramStage(), new ReachabilityStage()));
        return stages.run(Compilation.ofPolicy(policy, schemas, Options.defaults(), new SourceFiles(), List.of(),
                List.of(ParseStage.NAME, ResolveStage.NAME))).result();
    }

    /** Diagram and bundle stages for a policy already in IR (used by importers' tests and the test runner). */
    public CompileResult build(Policy policy, Map<String, JsonNode> schemas, int nodeBudget, Diagnostics diagnostics,
                               SourceFiles sources) {
        return build(policy, schemas, nodeBudget, null, diagnostics, sources);
    }

    /** @param diagnostics where the stages' findings are added (the caller's, so they join its own) */
    public CompileResult build(Policy policy, Map<String, JsonNode> schemas, int nodeBudget,
                               java.security.PrivateKey signingKey, Diagnostics diagnostics, SourceFiles sources) {
        Options options = new Options(List.of(), InputFormat.AUTO, nodeBudget, signingKey, null);
        Compilation c = new Pipeline(List.of(new DiagramStage(), new BundleStage())).run(Compilation.ofPolicy(policy,
                schemas, options, sources, List.of(), List.of(ParseStage.NAME, ResolveStage.NAME, CheckStage.NAME)));
        c.diagnostics().forEach(diagnostics::add);
        return new CompileResult(policy, schemas, c.bundle(), c.bytes(), diagnostics, sources);
    }
}
