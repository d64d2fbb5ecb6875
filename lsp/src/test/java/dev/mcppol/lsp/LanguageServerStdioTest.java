package dev.mcppol.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server as editors run it: a separate process speaking the protocol on stdio,
 * driven by LSP4J's client. One process serves the class; each test opens documents of its own.
 */
class LanguageServerStdioTest {

    static final Path REPO = Path.of(System.getProperty("mcppol.repo", "..")).toAbsolutePath().normalize();
    static final Path JUPYTER = REPO.resolve("examples/jupyter");

    @TempDir
    static Path work;
    static LspProcess lsp;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(JUPYTER.resolve("jupyter.tools.json"), work.resolve("jupyter.tools.json"));
        lsp = new LspProcess(work, 20);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lsp != null) {
            try {
                assertThat(lsp.shutdown()).as("exit code after shutdown + exit").isZero();
            } finally {
                lsp.close();
            }
        }
    }

    static String uri(String name) {
        return work.resolve(name).toUri().toString();
    }

    static List<CompletionItem> complete(String uri, int line, int character) throws Exception {
        Either<List<CompletionItem>, org.eclipse.lsp4j.CompletionList> r = lsp.server.getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, character)))
                .get(30, TimeUnit.SECONDS);
        return r.isLeft() ? r.getLeft() : r.getRight().getItems();
    }

    static String apply(String text, List<TextEdit> edits) {
        TextLines lines = new TextLines(text);
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt((TextEdit e) -> lines.offset(e.getRange().getStart())).reversed());
        StringBuilder b = new StringBuilder(text);
        for (TextEdit e : sorted) {
            b.replace(lines.offset(e.getRange().getStart()), lines.offset(e.getRange().getEnd()), e.getNewText());
        }
        return b.toString();
    }

    @Test
    void aTypoIsReportedWithItsCodeAndRangeAndTheQuickFixClearsIt() throws Exception {
        String text = "policy typo\ntools \"jupyter.tools.json\"\ndefault deny\n\ntool read_notebok {\n"
                + "  deny when path startsWith \"/etc/\"\n}\n";
        String uri = uri("typo.mcppol");
        lsp.open(uri, "mcppol", text);
        PublishDiagnosticsParams p = lsp.awaitDiagnostics(uri, d -> d.getDiagnostics().stream()
                .anyMatch(x -> "E101".equals(x.getCode().getLeft())));
        org.eclipse.lsp4j.Diagnostic e101 = p.getDiagnostics().stream()
                .filter(x -> "E101".equals(x.getCode().getLeft())).findFirst().orElseThrow();
        // `tool read_notebok {` on line 5 (0-based 4): the name spans columns 5 to 17.
        assertThat(e101.getRange()).isEqualTo(new Range(new Position(4, 5), new Position(4, 17)));
        assertThat(e101.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
        assertThat(e101.getMessage()).contains("read_notebok").contains("help: did you mean 'read_notebook'?");

        List<Either<Command, CodeAction>> actions = lsp.server.getTextDocumentService().codeAction(
                new CodeActionParams(new TextDocumentIdentifier(uri), e101.getRange(),
                        new CodeActionContext(List.of(e101)))).get(30, TimeUnit.SECONDS);
        CodeAction fix = actions.stream().filter(Either::isRight).map(Either::getRight)
                .filter(a -> a.getTitle().contains("read_notebook")).findFirst().orElseThrow();
        String fixed = apply(text, fix.getEdit().getChanges().get(uri));
        assertThat(fixed).contains("tool read_notebook {");

        lsp.change(uri, 2, fixed);
        PublishDiagnosticsParams after = lsp.awaitDiagnostics(uri, d -> Integer.valueOf(2).equals(d.getVersion()));
        assertThat(after.getDiagnostics()).noneMatch(x -> x.getSeverity() == DiagnosticSeverity.Error);
    }

    @Test
    void completionAfterToolListsTheSnapshotsTools() throws Exception {
        String text = "tools \"jupyter.tools.json\"\ntool \n";
        String uri = uri("complete.mcppol");
        lsp.open(uri, "mcppol", text);
        List<CompletionItem> items = complete(uri, 1, 5);
        assertThat(items).extracting(CompletionItem::getLabel).containsExactlyInAnyOrder("delete_notebook",
                "jupyter_execute_code", "list_kernels", "list_notebooks", "read_notebook", "start_kernel",
                "write_notebook");
    }

    @Test
    void hoverOnAnArgumentShowsItsSchemaType() throws Exception {
        String text = "tools \"jupyter.tools.json\"\ntool jupyter_execute_code {\n  deny when timeout > 60\n}\n";
        String uri = uri("hover.mcppol");
        lsp.open(uri, "mcppol", text);
        Hover h = lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri),
                new Position(2, 13))).get(30, TimeUnit.SECONDS);
        assertThat(h).isNotNull();
        assertThat(h.getContents().getRight().getValue()).contains("`timeout`").contains("integer")
                .contains("Seconds before the run is interrupted.");
    }

    @Test
    void aSnapshotRewrittenOnDiskIsReadAgain() throws Exception {
        Path snapshot = work.resolve("changing.tools.json");
        Files.writeString(snapshot, "{\"tools\": [{\"name\": \"alpha\", \"inputSchema\": {\"type\": \"object\"}}]}");
        String uri = uri("changing.mcppol");
        lsp.open(uri, "mcppol", "tools \"changing.tools.json\"\ntool alpha { allow }\ndefault resources allow\n");
        assertThat(lsp.awaitDiagnostics(uri, d -> true).getDiagnostics()).isEmpty();
        // As `mcppol schema pull` would: the server renamed the tool. No editor event is sent.
        Files.writeString(snapshot, "{\"tools\": [{\"name\": \"alpha2\", \"inputSchema\": {\"type\": \"object\"}}]}");
        PublishDiagnosticsParams p = lsp.awaitDiagnostics(uri, d -> d.getDiagnostics().stream()
                .anyMatch(x -> "E101".equals(x.getCode().getLeft())));
        assertThat(p.getDiagnostics()).filteredOn(x -> "E101".equals(x.getCode().getLeft())).singleElement()
                .satisfies(x -> assertThat(x.getMessage()).contains("did you mean 'alpha2'?"));
    }

    /**
     * The newcomer's path: the shipped example opened in an editor shows what {@code mcppol check}
     * shows — nothing — and, once broken, exactly the findings {@code check} reports for the same text.
     */
    @Test
    void theJupyterExampleShowsTheSameFindingsAsCheck() throws Exception {
        Path policy = JUPYTER.resolve("policy.mcppol");
        String uri = policy.toUri().toString();
        String text = Files.readString(policy);
        lsp.open(uri, "mcppol", text);
        assertThat(lsp.awaitDiagnostics(uri, d -> true).getDiagnostics()).isEmpty();

        String broken = text.replace("path under \"/workspace\"\n", "paht under \"/workspace\"\n")
                .replace("kernel_name in [\"python3\", \"ir\"]", "kernel_name in [\"python3\", \"R\"]");
        assertThat(broken).isNotEqualTo(text);
        lsp.change(uri, 2, broken);
        PublishDiagnosticsParams p = lsp.awaitDiagnostics(uri, d -> Integer.valueOf(2).equals(d.getVersion()));

        Path copy = JUPYTER.resolve(".lsp-test-broken.mcppol");
        List<String> expected = new ArrayList<>();
        try {
            Files.writeString(copy, broken);
            CompileResult check = PolicyCompiler.withAllChecks().check(copy, PolicyCompiler.Options.defaults());
            TextLines lines = new TextLines(broken);
            for (Diagnostic d : check.diagnostics().sorted()) {
                expected.add(d.code() + " " + lines.range(d.span()) + " " + d.message());
            }
        } finally {
            Files.deleteIfExists(copy);
        }
        List<String> got = p.getDiagnostics().stream().map(d -> d.getCode().getLeft() + " " + d.getRange() + " "
                + d.getMessage().split("\nhelp: ")[0]).toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(2);
        assertThat(got).containsExactlyElementsOf(expected);
    }
}
