package dev.mcppol.compiler.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.load.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

    @TempDir
    Path dir;

    private Path policy(String text) throws IOException {
        Path p = dir.resolve("p.mcppol");
        Files.writeString(p, text);
        return p;
    }

    private static Compilation compile(Path p, PolicyCompiler.Options options) {
        return new PolicyCompiler().compiling().run(Compilation.ofFile(p, null, options));
    }

    private static List<String> codes(Compilation c) {
        return c.diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void theStagesInOrder() {
        assertThat(new PolicyCompiler().compiling().names())
                .containsExactly("parse", "resolve", "check", "diagrams", "reachability", "bundle");
        assertThat(PolicyCompiler.withAllChecks().checking().names())
                .containsExactly("parse", "resolve", "check", "diagrams", "reachability");
    }

    @Test
    void aCleanPolicyRunsEveryStageAndTheBundleComesFromTheDiagramsBuiltOnce() throws IOException {
        Compilation c = compile(policy("policy p\ndefault deny\ntool t {\n  allow when a < 5\n}\n"),
                PolicyCompiler.Options.defaults());
        assertThat(c.ran()).containsExactly("parse", "resolve", "check", "diagrams", "reachability", "bundle");
        assertThat(c.delivered()).containsExactlyElementsOf(c.ran());
        assertThat(c.skipped()).isEmpty();
        assertThat(c.bundle()).isNotNull();
        // The bundle is the diagrams' own structure, hashed: no second build.
        assertThat(c.bundle().tools()).isSameAs(c.diagrams().tools().tools());
        assertThat(c.bundle().leaves()).isSameAs(c.diagrams().tools().leaves());
    }

    @Test
    void aCheckErrorStopsTheBundleButTheReachabilityWarningsStillCome() throws IOException {
        // E103 (a string compared with <) from the check stage; W103 (the allow never decides: the ask
        // always matches with it) from the reachability stage, which reads the diagrams, not the checks.
        Compilation c = compile(policy("policy p\ndefault deny\ntool t {\n  allow when n < \"s\"\n"
                + "  ask when x exists\n  allow when x exists and y exists\n}\n"), PolicyCompiler.Options.defaults());
        assertThat(c.ran()).containsExactly("parse", "resolve", "check", "diagrams", "reachability");
        assertThat(c.skipped()).containsExactly("bundle");
        assertThat(c.delivered()).doesNotContain("check").contains("diagrams", "reachability");
        assertThat(codes(c)).containsExactly("E103", "W103");
        assertThat(c.bundle()).isNull();
        assertThat(c.result().ok()).isFalse();
    }

    @Test
    void aParseErrorStopsEveryLaterStageAndKeepsItsDiagnostics() throws IOException {
        Compilation c = compile(policy("policy p\ndefault deny\ntool t {\n  allow when\n}\n"),
                PolicyCompiler.Options.defaults());
        assertThat(c.ran()).containsExactly("parse");
        assertThat(c.skipped()).containsExactly("resolve", "check", "diagrams", "reachability", "bundle");
        assertThat(c.diagnostics()).isNotEmpty().allMatch(d -> d.code().startsWith("E0"));
    }

    @Test
    void aSchemaFileThatCannotBeReadStopsCheckingAndBuilding() throws IOException {
        Compilation c = compile(policy("policy p\ndefault deny\ntools \"missing.tools.json\"\ntool t {\n  allow\n}\n"),
                PolicyCompiler.Options.defaults());
        assertThat(c.ran()).containsExactly("parse", "resolve");
        assertThat(c.skipped()).containsExactly("check", "diagrams", "reachability", "bundle");
        assertThat(c.hasErrors()).isTrue();
    }

    @Test
    void diagramsOverTheBudgetAreReportedByTheBundleStage() throws IOException {
        Path p = policy("policy p\ndefault deny\ntool t {\n  allow when a < 5 and b < 5 and c < 5\n}\n");
        Compilation c = compile(p, new PolicyCompiler.Options(List.of(), InputFormat.AUTO, 2));
        assertThat(c.delivered()).contains("diagrams");
        assertThat(c.diagrams().tools()).isNull();
        assertThat(c.diagrams().tooLarge()).contains("more than 2 nodes");
        assertThat(codes(c)).containsExactly("E013");
        // The same policy checked (no bundle stage) reports nothing: only writing a bundle needs the diagrams.
        assertThat(new PolicyCompiler().checking().run(Compilation.ofFile(p, null,
                new PolicyCompiler.Options(List.of(), InputFormat.AUTO, 2))).diagnostics()).isEmpty();
    }

    /** A stage for the runner's own rules: reports what it is told and says whether it ran. */
    private record Probe(String name, List<String> needs, boolean fails) implements Stage {
        @Override
        public Compilation run(Compilation in) {
            Diagnostics d = new Diagnostics();
            d.add(new Diagnostic(fails ? DiagnosticKind.NODE_BUDGET : DiagnosticKind.RULE_NEVER_DECIDES,
                    Span.none(name), name, null));
            return in.report(d);
        }
    }

    @Test
    void aFailedStageStopsOnlyTheStagesThatNeedItsProduct() {
        Pipeline pipeline = new Pipeline(List.of(new Probe("a", List.of(), false), new Probe("b", List.of("a"), true),
                new Probe("c", List.of("b"), false), new Probe("d", List.of("a"), false),
                new Probe("e", List.of("c"), false)));
        Compilation start = Compilation.ofFile(dir.resolve("x"), null, PolicyCompiler.Options.defaults());
        Compilation end = pipeline.run(start);
        assertThat(end.ran()).containsExactly("a", "b", "d");
        assertThat(end.skipped()).containsExactly("c", "e");
        assertThat(end.delivered()).containsExactly("a", "d");
        // Every finding reported before and after the failure is kept, in the order reported.
        assertThat(end.diagnostics()).extracting(Diagnostic::message).containsExactly("a", "b", "d");
        // Records are values: the run changed none of them.
        assertThat(start.diagnostics()).isEmpty();
        assertThat(start.ran()).isEmpty();
    }
}
