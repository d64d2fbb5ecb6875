package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.bundle.Bundle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What one run of the compiler knows so far: its inputs, the product of each stage that ran, and the
 * findings reported, in the order reported. Stages never change a record; each returns a new one.
 *
 * @param file      the policy's path (relative {@code tools}/{@code claims} lines resolve against its
 *                  folder), or null for a policy given as IR
 * @param text      the policy's text when it is already in memory (an editor's buffer), else null
 * @param policy    the IR ({@code parse}); null when the input was a compiled bundle
 * @param schemas   tool name to its tools/list entry ({@code resolve}); a bundle given as input brings its own
 * @param diagrams  the decision diagrams ({@code diagrams})
 * @param bundle    the bundle written ({@code bundle}), or the one given as input
 * @param delivered the stages that ran, reported no error and produced what they make
 */
public record Compilation(Path file, String text, PolicyCompiler.Options options, SourceFiles sources,
                          Policy policy, Map<String, JsonNode> schemas, Diagrams diagrams, Bundle bundle,
                          byte[] bytes, List<Diagnostic> diagnostics, List<String> ran, List<String> skipped,
                          List<String> delivered) {

    public Compilation {
        diagnostics = List.copyOf(diagnostics);
        ran = List.copyOf(ran);
        skipped = List.copyOf(skipped);
        delivered = List.copyOf(delivered);
    }

    /** A policy file (or an editor's text for it, when {@code text} is not null) not read yet. */
    public static Compilation ofFile(Path file, String text, PolicyCompiler.Options options) {
        return new Compilation(file, text, options, new SourceFiles(), null, null, null, null, null, List.of(),
                List.of(), List.of(), List.of());
    }

    /**
     * A policy already in IR with its schemas bound: the stages named in {@code given} count as
     * delivered (the caller did their work).
     */
    public static Compilation ofPolicy(Policy policy, Map<String, JsonNode> schemas, PolicyCompiler.Options options,
                                       SourceFiles sources, List<Diagnostic> reported, List<String> given) {
        return new Compilation(null, null, options, sources, policy, schemas, null, null, null, reported, List.of(),
                List.of(), given);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** This record with {@code more} findings after the ones reported so far. */
    public Compilation report(Diagnostics more) {
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        all.addAll(more.all());
        return new Compilation(file, text, options, sources, policy, schemas, diagrams, bundle, bytes, all, ran,
                skipped, delivered);
    }

    public Compilation withPolicy(Policy p) {
        return new Compilation(file, text, options, sources, p, schemas, diagrams, bundle, bytes, diagnostics, ran,
                skipped, delivered);
    }

    public Compilation withSchemas(Map<String, JsonNode> s) {
        return new Compilation(file, text, options, sources, policy, s, diagrams, bundle, bytes, diagnostics, ran,
                skipped, delivered);
    }

    public Compilation withDiagrams(Diagrams d) {
        return new Compilation(file, text, options, sources, policy, schemas, d, bundle, bytes, diagnostics, ran,
                skipped, delivered);
    }

    public Compilation withBundle(Bundle b, byte[] written) {
        return new Compilation(file, text, options, sources, policy, schemas, diagrams, b, written, diagnostics, ran,
                skipped, delivered);
    }

    Compilation ran(String stage, boolean deliveredProduct) {
        List<String> d = new ArrayList<>(delivered);
        if (deliveredProduct) {
            d.add(stage);
        }
        return new Compilation(file, text, options, sources, policy, schemas, diagrams, bundle, bytes, diagnostics,
                append(ran, stage), skipped, d);
    }

    Compilation skipped(String stage) {
        return new Compilation(file, text, options, sources, policy, schemas, diagrams, bundle, bytes, diagnostics, ran,
                append(skipped, stage), delivered);
    }

    /** The findings as the collector the renderers and callers take. */
    public Diagnostics diagnosticsCollected() {
        Diagnostics d = new Diagnostics();
        diagnostics.forEach(d::add);
        return d;
    }

    /** What the run produced, in the shape the commands read. */
    public CompileResult result() {
        return new CompileResult(policy, schemas == null ? Map.of() : schemas, bundle, bytes, diagnosticsCollected(),
                sources);
    }

    private static List<String> append(List<String> names, String name) {
        List<String> out = new ArrayList<>(names);
        out.add(name);
        return out;
    }
}
