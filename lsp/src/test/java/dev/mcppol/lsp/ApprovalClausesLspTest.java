package dev.mcppol.lsp;

import static dev.mcppol.lsp.Workspace.labels;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clauses of an {@code ask} rule in the editor: {@code approvers} and {@code approve for} are offered and explained. */
class ApprovalClausesLspTest {

    static final String HEAD = "tools \"deploy.tools.json\"\n";

    @TempDir
    Path dir;
    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(dir);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    @Test
    void anAskRuleIsOfferedApproversAndApproveFor() throws Exception {
        List<CompletionItem> items = ws.complete(HEAD + "tool deploy {\n  ask as ship reason \"r\" |\n}\n");
        assertThat(labels(items)).contains("when", "reason", "approvers", "approve for");
        CompletionItem approveFor = items.stream().filter(i -> i.getLabel().equals("approve for")).findFirst().orElseThrow();
        assertThat(approveFor.getTextEdit().getLeft().getNewText()).isEqualTo("approve for");
        assertThat(approveFor.getDocumentation().getRight().getValue()).contains("admits the same call");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  ask approvers \"ops\" a|\n}\n"))).contains("approve for");
    }

    @Test
    void otherRulesAreNotOfferedThem() throws Exception {
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  allow when dry_run == true |\n}\n")))
                .contains("reason").doesNotContain("approvers", "approve for");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  ask reason \"r\"\n  deny |\n}\n")))
                .doesNotContain("approvers", "approve for");
    }

    @Test
    void hoversExplainApproversAndTheGrantTime() throws Exception {
        String text = HEAD + "tool deploy {\n  ask as ship approvers \"ops\", \"alice\" approve for 1h reason \"r\"\n}\n";
        String uri = ws.open("ask.mcppol", text);
        ws.analysis(uri);
        TextLines lines = new TextLines(text);
        Hover approvers = hover(uri, lines.position(text.indexOf("approvers") + 2));
        assertThat(approvers.getContents().getRight().getValue()).contains("**approvers** ops, alice", "--by NAME");
        Hover grant = hover(uri, lines.position(text.indexOf("approve for") + 9));
        assertThat(grant.getContents().getRight().getValue()).contains("**approve for** 1h", "same arguments");
    }

    private Hover hover(String uri, Position p) throws Exception {
        return ws.docs.hover(new HoverParams(new TextDocumentIdentifier(uri), p)).get(30, TimeUnit.SECONDS);
    }
}
