package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.check.Check;
import dev.mcppol.compiler.check.Checks;
import dev.mcppol.compiler.check.ClaimsCheck;
import dev.mcppol.compiler.check.DiagramFacts;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.SchemaRef;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.load.InputFormat;
import dev.mcppol.compiler.load.PolicyReader;
import dev.mcppol.compiler.schema.ClaimsSchemaFile;
import dev.mcppol.compiler.schema.SchemaFiles;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The compiler as a list of named stages, run in order until one reports errors:
 * read (sniff the format, parse or import) → bind schemas → check → build diagrams → write.
 */
public final class PolicyCompiler {

    /** @param toolsFiles {@code --tools} snapshots, in addition to the policy's own {@code tools} lines */
    /**
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
    /** Shared with the checks that compile diagrams, so a compile builds them once. */
    private final DiagramFacts facts;

    public PolicyCompiler() {
        this(new DiagramFacts(), false);
    }

    /** A compiler running {@code check}'s full list (deployment advisories included). */
    public static PolicyCompiler withAllChecks() {
        return new PolicyCompiler(new DiagramFacts(), true);
    }

    private PolicyCompiler(DiagramFacts facts, boolean all) {
        this.facts = facts;
        this.checks = all ? Checks.all(facts) : Checks.defaults(facts);
    }

    /** Read, bind schemas and check, without building the bundle. */
    public CompileResult check(Path file, Options options) {
        return run(file, options, false);
    }

    /** The whole pipeline; a bundle given as input is loaded and verified instead. */
    public CompileResult compile(Path file, Options options) {
        return run(file, options, true);
    }

    /**
     * {@link #check(Path, Options)} on text already in memory (an editor's buffer) under the name
     * {@code file}: relative {@code tools} lines resolve against the file's folder as on disk.
     */
    public CompileResult check(Path file, String text, Options options) {
        return run(file, text, options, false);
    }

    private CompileResult run(Path file, Options options, boolean build) {
        return run(file, null, options, build);
    }

    /** @param text the policy's text, or null to read {@code file} */
    private CompileResult run(Path file, String text, Options options, boolean build) {
        Diagnostics diagnostics = new Diagnostics();
        SourceFiles sources = new SourceFiles();
        PolicyReader reader = new PolicyReader(options.verifyKey());
        PolicyReader.Read read = text == null ? reader.read(file, options.format(), diagnostics, sources)
                : reader.read(file, text, options.format(), diagnostics, sources);
        if (read.bundle() != null) {
            return new CompileResult(null, read.bundle().schemas(), read.bundle(), read.bytes(), diagnostics, sources);
        }
        Policy policy = read.policy();
        if (policy == null || diagnostics.hasErrors()) {
            return new CompileResult(policy, Map.of(), null, null, diagnostics, sources);
        }
        Map<String, JsonNode> schemas = bindSchemas(file, policy, options, diagnostics);
        if (diagnostics.hasErrors()) {
            return new CompileResult(policy, schemas, null, null, diagnostics, sources);
        }
        for (Check c : checks) {
            c.run(policy, schemas, diagnostics);
        }
        if (policy.claimsSchema() == null) {
            new ClaimsCheck().run(policy, null, diagnostics);
        } else {
            SchemaRef ref = policy.claimsSchema();
            JsonNode claims = ClaimsSchemaFile.load(file.toAbsolutePath().getParent().resolve(ref.path()), ref.span(),
                    diagnostics);
            if (claims != null) {
                new ClaimsCheck().run(policy, claims, diagnostics);
            }
        }
        if (!policy.methods().isEmpty()) {
            // Resource and prompt rules against what the snapshots list besides tools.
            new dev.mcppol.compiler.check.MethodCatalogCheck(dev.mcppol.compiler.schema.MethodCatalog.load(
                    schemaPaths(file, policy, options))).run(policy, schemas, diagnostics);
        }
        if (diagnostics.hasErrors() || !build) {
            return new CompileResult(policy, schemas, null, null, diagnostics, sources);
        }
        return build(policy, schemas, options.nodeBudget(), options.signingKey(), diagnostics, sources);
    }

    /** Diagram and bundle stages for a policy already in IR (used by importers' tests and the test runner). */
    public CompileResult build(Policy policy, Map<String, JsonNode> schemas, int nodeBudget, Diagnostics diagnostics,
                               SourceFiles sources) {
        return build(policy, schemas, nodeBudget, null, diagnostics, sources);
    }

    public CompileResult build(Policy policy, Map<String, JsonNode> schemas, int nodeBudget,
                               java.security.PrivateKey signingKey, Diagnostics diagnostics, SourceFiles sources) {
        Bundle bundle = nodeBudget == DiagramCompiler.DEFAULT_NODE_BUDGET
                ? facts.compiled(policy, schemas) : null;
        try {
            if (bundle == null) {
                bundle = new DiagramCompiler(nodeBudget).compile(policy, schemas);
            }
        } catch (DiagramCompiler.TooLarge e) {
            diagnostics.error(DiagnosticKind.NODE_BUDGET, policy.span(), e.getMessage(),
                    "split the tool's rules, or raise the budget with --node-budget");
            return new CompileResult(policy, schemas, null, null, diagnostics, sources);
        }
        BundleWriter.Written written = new BundleWriter().write(bundle, signingKey);
        return new CompileResult(policy, schemas, written.bundle(), written.bytes(), diagnostics, sources);
    }

    private static List<Path> schemaPaths(Path file, Policy policy, Options options) {
        Path dir = file.toAbsolutePath().getParent();
        List<Path> paths = new java.util.ArrayList<>();
        policy.schemaFiles().forEach(ref -> paths.add(dir.resolve(ref.path())));
        paths.addAll(options.toolsFiles());
        return paths;
    }

    private static Map<String, JsonNode> bindSchemas(Path file, Policy policy, Options options,
                                                     Diagnostics diagnostics) {
        Map<String, JsonNode> schemas = SchemaFiles.newMap();
        Map<String, String> definedIn = new HashMap<>();
        Path dir = file.toAbsolutePath().getParent();
        for (SchemaRef ref : policy.schemaFiles()) {
            SchemaFiles.load(dir.resolve(ref.path()), ref.span(), schemas, definedIn, diagnostics);
        }
        for (Path t : options.toolsFiles()) {
            SchemaFiles.load(t, Span.none("--tools " + t), schemas, definedIn, diagnostics);
        }
        return schemas;
    }
}
