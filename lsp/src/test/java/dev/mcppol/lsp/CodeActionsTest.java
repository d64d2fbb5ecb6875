package dev.mcppol.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every "did you mean" the checker prints is one quick fix away; so are both ways out of W107. */
class CodeActionsTest {

    static final String HEAD = "tools \"deploy.tools.json\"\nlimit deploys = 5 per 1h\n";

    @TempDir
    Path dir;
    Workspace ws;
    int docs;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(dir);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    List<CodeAction> actions(String uri, Analysis a, Analysis.Published p) throws Exception {
        return ws.docs.codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), p.sent().getRange(),
                new CodeActionContext(List.of(p.sent())))).get(30, TimeUnit.SECONDS).stream()
                .map(e -> e.getRight()).toList();
    }

    /** Applies the first quick fix of each finding with a code in {@code codes}; the text after. */
    String fixAll(String name, String text, String... codes) throws Exception {
        String uri = ws.open(name, text);
        Analysis a = ws.analysis(uri);
        assertThat(a.diagnostics()).extracting(p -> p.finding().code()).contains(codes);
        String fixed = text;
        for (Analysis.Published p : a.diagnostics()) {
            if (List.of(codes).contains(p.finding().code())) {
                List<CodeAction> fixes = actions(uri, a, p);
                assertThat(fixes).as("a fix for " + p.finding()).isNotEmpty();
                assertThat(fixes.get(0).getDiagnostics()).containsExactly(p.sent());
                // Fixes are applied to the original text one at a time, last position first.
                fixed = LanguageServerStdioTest.apply(fixed, fixes.get(0).getEdit().getChanges().get(uri));
            }
        }
        return fixed;
    }

    List<String> codesAfter(String name, String text) {
        String uri = ws.open(name, text);
        return ws.analysis(uri).diagnostics().stream().map(p -> p.finding().code()).toList();
    }

    @Test
    void unknownToolArgumentAndEnumValueAreReplacedByTheSuggestion() throws Exception {
        String text = HEAD + "tool deploy {\n  deny when config.regoin == \"eu-wset\"\n  allow limit deploys\n}\n"
                + "tool reed-file {\n  deny when args.paht startsWith \"/etc/\"\n}\ntool list_files { allow }\n";
        // As a person fixes them: a path is checked once its tool is known, a value once its path is.
        String fixed = fixAll("a.mcppol", text, "E101", "E102");
        assertThat(fixed).contains("tool read-file {", "config.region == \"eu-wset\"", "args.paht startsWith");
        String fixed2 = fixAll("b.mcppol", fixed, "E102", "E104");
        assertThat(fixed2).contains("config.region == \"eu-west\"", "args.path startsWith");
        assertThat(codesAfter("c.mcppol", fixed2)).noneMatch(c -> c.startsWith("E"));
    }

    @Test
    void unknownLimitNameIsReplaced() throws Exception {
        String fixed = fixAll("d.mcppol", HEAD + "tool deploy {\n  allow limit deploy\n}\n", "E003");
        assertThat(fixed).contains("allow limit deploys\n");
    }

    @Test
    void contradictionsAndBecomesOr() throws Exception {
        String fixed = fixAll("e.mcppol", HEAD + "tool deploy {\n  deny when config.replicas < 1 and config.replicas > 9\n}\n",
                "W102");
        assertThat(fixed).contains("config.replicas < 1 or config.replicas > 9");
    }

    @Test
    void interceptYamlUnknownKeyIsReplaced() throws Exception {
        String yaml = "version: \"1\"\ndefault: deny\ntools:\n  deploy:\n    rulez: []\n";
        String fixed = fixAll("policy.yaml", yaml, "E203");
        assertThat(fixed).contains("    rules: []");
    }

    @Test
    void uncoveredToolsCanBeHiddenOrAllowed() throws Exception {
        String text = HEAD + "default allow\ntool deploy {\n  allow limit deploys\n}\n";
        String uri = ws.open("f.mcppol", text);
        Analysis a = ws.analysis(uri);
        Analysis.Published w107 = a.diagnostics().stream().filter(p -> p.finding().code().equals("W107")).findFirst()
                .orElseThrow();
        List<CodeAction> fixes = actions(uri, a, w107);
        assertThat(fixes).extracting(CodeAction::getTitle).containsExactly("Hide 2 uncovered tools",
                "Add a tool block allowing 2 uncovered tools");
        String hidden = LanguageServerStdioTest.apply(text, fixes.get(0).getEdit().getChanges().get(uri));
        assertThat(hidden).endsWith("}\nhide list_files, read-file\n");
        assertThat(codesAfter("g.mcppol", hidden)).doesNotContain("W107");
        String allowed = LanguageServerStdioTest.apply(text, fixes.get(1).getEdit().getChanges().get(uri));
        assertThat(allowed).contains("tool read-file {\n  allow\n}\n", "tool list_files {\n  allow\n}\n");
        assertThat(codesAfter("h.mcppol", allowed)).doesNotContain("W107");
    }

    @Test
    void aSuggestionIsReadFromEitherQuoteStyle() {
        assertThat(CodeActions.suggestion(new dev.mcppol.compiler.diag.Diagnostic(
                dev.mcppol.compiler.diag.DiagnosticKind.OUTSIDE_ENUM, dev.mcppol.compiler.ir.Span.none("x"), "m",
                "did you mean \"a \\\" b\"?"))).isEqualTo("\"a \\\" b\"");
        assertThat(CodeActions.suggestion(new dev.mcppol.compiler.diag.Diagnostic(
                dev.mcppol.compiler.diag.DiagnosticKind.UNKNOWN_TOOL, dev.mcppol.compiler.ir.Span.none("x"), "m",
                "did you mean 'fs.read'?"))).isEqualTo("fs.read");
    }
}
