package dev.mcppol.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Definition, references, rename, outline, hover and formatting on one policy. */
@SuppressWarnings("unchecked")
class NavigationTest {

    static final String TEXT = """
            tools "deploy.tools.json"
            limit deploys = 5 per 1h per identity

            tool deploy {
              deny as no_prod when config.region == "us-east" reason "not yet"
              deny as never when dry_run == true
              allow as ok limit deploys
            }
            tool read-file {
              deny
              allow as reads limit deploys
            }
            hide list_files
            """;

    @TempDir
    Path dir;
    Workspace ws;
    String uri;
    TextDocumentIdentifier doc;
    TextLines lines = new TextLines(TEXT);

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(dir);
        uri = ws.open("nav.mcppol", TEXT);
        doc = new TextDocumentIdentifier(uri);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    /** The position of the {@code nth} (0-based) occurrence of {@code word}, {@code into} characters in. */
    Position at(String word, int nth, int into) {
        int i = -1;
        for (int k = 0; k <= nth; k++) {
            i = TEXT.indexOf(word, i + 1);
        }
        return lines.position(i + into);
    }

    Range rangeOf(String word, int nth) {
        return new Range(at(word, nth, 0), at(word, nth, word.length()));
    }

    @Test
    void limitDefinitionAndReferences() throws Exception {
        List<Location> def = (List<Location>) ws.docs.definition(new DefinitionParams(doc, at("limit deploys", 1, 8)))
                .get(30, TimeUnit.SECONDS).getLeft();
        assertThat(def).containsExactly(new Location(uri, new Range(new Position(1, 6), new Position(1, 13))));
        List<? extends Location> refs = ws.docs.references(new ReferenceParams(doc, at("deploys", 0, 2),
                new ReferenceContext(true))).get(30, TimeUnit.SECONDS);
        assertThat(refs).hasSize(3);
    }

    @Test
    void aToolsDefinitionIsItsEntryInTheSnapshot() throws Exception {
        List<? extends Location> def = ws.docs.definition(new DefinitionParams(doc, at("tool deploy", 0, 7)))
                .get(30, TimeUnit.SECONDS).getLeft();
        assertThat(def).hasSize(1);
        assertThat(def.get(0).getUri()).isEqualTo(dir.resolve("deploy.tools.json").toUri().toString());
        TextLines snapshot = new TextLines(Workspace.SNAPSHOT);
        assertThat(snapshot.text(def.get(0).getRange())).isEqualTo("\"name\": \"deploy\"");
        List<? extends Location> hidden = ws.docs.definition(new DefinitionParams(doc, at("list_files", 0, 1)))
                .get(30, TimeUnit.SECONDS).getLeft();
        assertThat(new TextLines(Workspace.SNAPSHOT).text(hidden.get(0).getRange())).contains("list_files");
    }

    @Test
    void renameALimitEverywhereAndARuleId() throws Exception {
        assertThat(ws.docs.prepareRename(new PrepareRenameParams(doc, at("deploys", 1, 1))).get(30, TimeUnit.SECONDS)
                .getFirst()).isEqualTo(rangeOf("deploys", 1));
        WorkspaceEdit edit = ws.docs.rename(new RenameParams(doc, at("deploys", 2, 1), "releases"))
                .get(30, TimeUnit.SECONDS);
        String renamed = LanguageServerStdioTest.apply(TEXT, edit.getChanges().get(uri));
        assertThat(renamed).contains("limit releases = 5", "allow as ok limit releases", "allow as reads limit releases")
                .doesNotContain("deploys");
        WorkspaceEdit id = ws.docs.rename(new RenameParams(doc, at("no_prod", 0, 1), "no prod yet"))
                .get(30, TimeUnit.SECONDS);
        assertThat(LanguageServerStdioTest.apply(TEXT, id.getChanges().get(uri))).contains("deny as \"no prod yet\" when");
        assertThatThrownBy(() -> ws.docs.rename(new RenameParams(doc, at("no_prod", 0, 1), "never"))
                .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasMessageContaining("already called");
        assertThat(ws.docs.prepareRename(new PrepareRenameParams(doc, at("dry_run", 0, 1))).get(30, TimeUnit.SECONDS))
                .isNull();
    }

    @Test
    void outlineOfToolsRulesLimitsAndHiddenTools() throws Exception {
        List<DocumentSymbol> symbols = ws.docs.documentSymbol(new DocumentSymbolParams(doc)).get(30, TimeUnit.SECONDS)
                .stream().map(e -> e.getRight()).toList();
        assertThat(symbols).extracting(DocumentSymbol::getName).containsExactly("deploy.tools.json", "deploys",
                "deploy", "read-file", "list_files");
        assertThat(symbols.get(2).getChildren()).extracting(DocumentSymbol::getName).containsExactly("no_prod", "never",
                "ok");
        assertThat(symbols.get(3).getChildren()).extracting(DocumentSymbol::getName).containsExactly("deny (line 10)",
                "reads");
    }

    @Test
    void hoverOnToolLimitAndAShadowedRule() throws Exception {
        ws.analysis(uri);
        Hover tool = ws.docs.hover(new HoverParams(doc, at("tool deploy", 0, 6))).get(30, TimeUnit.SECONDS);
        assertThat(tool.getContents().getRight().getValue()).contains("Deploy a service.", "\"replicas\"");
        Hover limit = ws.docs.hover(new HoverParams(doc, at("deploys", 2, 1))).get(30, TimeUnit.SECONDS);
        assertThat(limit.getContents().getRight().getValue()).contains("limit deploys = 5 per 1h per identity");
        Hover shadowed = ws.docs.hover(new HoverParams(doc, at("allow as reads", 0, 1))).get(30, TimeUnit.SECONDS);
        assertThat(shadowed.getContents().getRight().getValue()).contains("**allow** rule `reads`", "W101",
                "can never fire");
        Hover value = ws.docs.hover(new HoverParams(doc, at("config.region", 0, 8))).get(30, TimeUnit.SECONDS);
        assertThat(value.getContents().getRight().getValue()).contains("string", "\"eu-west\"", "\"us-east\"");
    }

    @Test
    void formattingIsMcppolFmt() throws Exception {
        String messy = "tools   \"deploy.tools.json\"\ntool deploy {   allow }\ntool read-file {\ndeny   when path startsWith \"/\"\n}";
        String u = ws.open("fmt.mcppol", messy);
        List<? extends TextEdit> edits = ws.docs.formatting(new DocumentFormattingParams(new TextDocumentIdentifier(u),
                new FormattingOptions(2, true))).get(30, TimeUnit.SECONDS);
        String formatted = LanguageServerStdioTest.apply(messy, List.copyOf(edits));
        assertThat(formatted).isEqualTo(dev.mcppol.compiler.fmt.Formatter.format(dir.resolve("fmt.mcppol").toString(),
                messy, new dev.mcppol.compiler.diag.Diagnostics()));
        assertThat(formatted).contains("tool deploy { allow }\n", "  deny when path startsWith \"/\"\n");
        String broken = ws.open("broken.mcppol", "tool deploy {");
        assertThat(ws.docs.formatting(new DocumentFormattingParams(new TextDocumentIdentifier(broken),
                new FormattingOptions(2, true))).get(30, TimeUnit.SECONDS)).isEmpty();
    }
}
