package dev.mcppol.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource globs and prompt rules checked against a snapshot that lists resources, templates and prompts. */
class MethodCatalogCheckTest {

    private static final String SNAPSHOT = """
            {"tools": [],
             "resources": [{"uri": "demo://resource/static/document/architecture.md", "name": "a"}],
             "resourceTemplates": [{"uriTemplate": "demo://resource/dynamic/text/{resourceId}", "name": "t"}],
             "prompts": [{"name": "simple-prompt"},
                         {"name": "args-prompt", "arguments": [{"name": "city", "required": true}, {"name": "state"}]}]}
            """;

    private static List<Diagnostic> check(Path dir, String policy) throws Exception {
        Files.writeString(dir.resolve("server.json"), SNAPSHOT);
        Path p = Files.writeString(dir.resolve("p.mcppol"), "tools \"server.json\"\n" + policy);
        CompileResult r = PolicyCompiler.withAllChecks().check(p, PolicyCompiler.Options.defaults());
        return r.diagnostics().all();
    }

    @Test
    void anUnknownPromptIsAnErrorWithDidYouMean(@TempDir Path dir) throws Exception {
        List<Diagnostic> d = check(dir, "prompt args-promt { allow }\nhide prompt simple-prompt\n");
        assertThat(d).filteredOn(x -> x.kind() == DiagnosticKind.UNKNOWN_PROMPT).singleElement()
                .satisfies(x -> {
                    assertThat(x.help()).isEqualTo("did you mean 'args-prompt'?");
                    assertThat(x.span().line()).isEqualTo(2);
                });
    }

    @Test
    void promptArgumentsAreCheckedAgainstTheDeclaredOnes(@TempDir Path dir) throws Exception {
        List<Diagnostic> d = check(dir, "prompt args-prompt {\n  require cty\n  deny when stat == \"x\"\n  allow\n}\n");
        assertThat(d).anySatisfy(x -> {
            assertThat(x.kind()).isEqualTo(DiagnosticKind.REQUIRE_UNDECLARED);
            assertThat(x.help()).contains("city");
        });
        assertThat(d).anySatisfy(x -> {
            assertThat(x.kind()).isEqualTo(DiagnosticKind.UNKNOWN_ARGUMENT);
            assertThat(x.help()).contains("state");
        });
        assertThat(check(dir, "prompt args-prompt { require city\n allow when state == \"x\" }\n"))
                .noneMatch(x -> x.isError());
    }

    /**
     * Prompt arguments and a resource's uri and template variables are strings on the wire: a test
     * that only holds on a number or a boolean never holds there (E103), with or without a snapshot.
     */
    @Test
    void numberTestsOnStringsOnTheWireAreErrors(@TempDir Path dir) throws Exception {
        List<Diagnostic> d = check(dir, "prompt args-prompt {\n  deny when city > 10\n  deny when state in [1, 2]\n  allow\n}\n"
                + "resource \"demo://resource/dynamic/text/*\" { deny when resourceId == 3 }\n");
        assertThat(d).filteredOn(x -> x.kind() == DiagnosticKind.TYPE_MISMATCH).hasSize(3)
                .anySatisfy(x -> assertThat(x.message()).contains("'city' is a prompt argument, a string in MCP"))
                .anySatisfy(x -> assertThat(x.message()).contains("'resourceId' is a resource's uri or template variable"));
        assertThat(check(dir, "prompt args-prompt { deny when city == \"10\" or len(city) > 10 or city matches /^[0-9]+$/ }\n"
                + "resource \"demo://resource/dynamic/text/*\" { deny when resourceId in [\"3\"] }\n"))
                .noneMatch(x -> x.isError());
    }

    @Test
    void aResourceGlobThatMatchesNothingListedIsAWarning(@TempDir Path dir) throws Exception {
        List<Diagnostic> d = check(dir, """
                default resources allow
                resource "file:///*" { deny }
                resource "demo://resource/static/*" { deny }
                resource "demo://resource/dynamic/*" { deny when resourceId == "3" }
                hide resource "demo://resource/dynamic/text/{resourceId}"
                """);
        assertThat(d).filteredOn(x -> x.kind() == DiagnosticKind.RESOURCE_GLOB_MATCHES_NOTHING).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("file:///*"));
    }

    @Test
    void conditionsOnTemplateVariablesAreCheckedAgainstTheTemplatesTheGlobReaches(@TempDir Path dir) throws Exception {
        List<Diagnostic> d = check(dir, """
                default resources allow
                resource "demo://resource/dynamic/*" {
                  deny when resourceid == "3"
                  deny when uri endsWith ".key" or resourceId in ["4", "5"]
                }
                resource "demo://resource/static/*" { deny when resourceId == "3" }
                """);
        List<Diagnostic> unknown = d.stream().filter(x -> x.kind() == DiagnosticKind.UNKNOWN_TEMPLATE_VARIABLE).toList();
        assertThat(unknown).hasSize(2);
        assertThat(unknown.get(0)).satisfies(x -> {
            assertThat(x.code()).isEqualTo("E134");
            assertThat(x.span().line()).isEqualTo(4);
            assertThat(x.message()).contains("'resourceid'").contains("demo://resource/dynamic/text/{resourceId}");
            assertThat(x.help()).isEqualTo("did you mean 'resourceId'?");
        });
        assertThat(unknown.get(1)).satisfies(x -> {
            assertThat(x.span().line()).isEqualTo(7);
            assertThat(x.message()).contains("reaches no template the server lists");
        });
        // Without a snapshot that lists resources, nothing is known about the templates.
        Path p = Files.writeString(dir.resolve("bare.mcppol"), "resource \"demo://*\" { deny when resourceid == \"3\" }\n");
        assertThat(PolicyCompiler.withAllChecks().check(p, PolicyCompiler.Options.defaults()).diagnostics().all())
                .noneMatch(x -> x.kind() == DiagnosticKind.UNKNOWN_TEMPLATE_VARIABLE);
    }

    @Test
    void aPolicyThatNamesNoOtherKindIsToldOnce(@TempDir Path dir) throws Exception {
        assertThat(check(dir, "tool echo { allow }\n")).filteredOn(x -> x.kind() == DiagnosticKind.METHODS_UNCHECKED)
                .hasSize(1);
        assertThat(check(dir, "default resources allow\n")).noneMatch(x -> x.kind() == DiagnosticKind.METHODS_UNCHECKED);
    }
}
