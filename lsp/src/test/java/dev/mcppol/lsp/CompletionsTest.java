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

class CompletionsTest {

    static final String HEAD = "tools \"deploy.tools.json\"\nlimit deploys = 5 per 1h\nlimit reads = 100 per 1m\n";

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
    void toolNamesAfterToolAndHideReplacingThePartialName() throws Exception {
        List<CompletionItem> items = ws.complete(HEAD + "tool rea|\n");
        assertThat(labels(items)).containsExactlyInAnyOrder("deploy", "read-file", "list_files");
        CompletionItem read = items.stream().filter(i -> i.getLabel().equals("read-file")).findFirst().orElseThrow();
        assertThat(read.getTextEdit().getLeft().getRange().getStart().getCharacter()).isEqualTo(5);
        assertThat(read.getDocumentation().getRight().getValue()).isEqualTo("Read a file.");
        assertThat(labels(ws.complete(HEAD + "hide deploy, |\n"))).contains("list_files");
        assertThat(labels(ws.complete(HEAD + "hide |"))).contains("read-file");
    }

    @Test
    void argumentPathsOfTheBlocksToolNestedAndEveryElement() throws Exception {
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  deny when |\n}\n")))
                .contains("service", "config", "tags", "tags[*]", "targets", "targets[*]", "dry_run", "session",
                        "identity", "len");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  deny when config.|\n}\n")))
                .containsExactlyInAnyOrder("region", "replicas");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  deny when dry_run == true and targets[*].h|\n}\n")))
                .containsExactly("host");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  require service, |\n}\n")))
                .contains("config").doesNotContain("session");
        List<CompletionItem> args = ws.complete(HEAD + "tool deploy {\n  deny when |\n}\n");
        CompletionItem service = args.stream().filter(i -> i.getLabel().equals("service")).findFirst().orElseThrow();
        assertThat(service.getDetail()).isEqualTo("string, required");
    }

    @Test
    void operatorsValidForTheArgumentsType() throws Exception {
        List<String> onInt = labels(ws.complete(HEAD + "tool deploy {\n  deny when config.replicas |\n}\n"));
        assertThat(onInt).contains("==", "<", ">=", "in", "exists").doesNotContain("startsWith", "matches");
        List<String> onString = labels(ws.complete(HEAD + "tool deploy {\n  deny when service |\n}\n"));
        assertThat(onString).contains("==", "startsWith", "matches", "contains").doesNotContain("<", ">=");
        List<String> onArray = labels(ws.complete(HEAD + "tool deploy {\n  deny when not tags |\n}\n"));
        assertThat(onArray).contains("contains", "exists").doesNotContain("<", "startsWith");
    }

    @Test
    void enumValuesAfterEqualsAndInsideIn() throws Exception {
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  deny when config.region == |\n}\n")))
                .containsExactly("\"eu-west\"", "\"us-east\"");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  deny when config.region in [\"eu-west\", |\n}\n")))
                .containsExactly("\"eu-west\"", "\"us-east\"");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  deny when dry_run != |\n}\n")))
                .containsExactly("true", "false");
    }

    @Test
    void limitNamesAfterLimitInsideABlockOnly() throws Exception {
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  allow limit |\n}\n")))
                .containsExactly("deploys", "reads");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  limit d|\n}\n"))).contains("deploys");
        assertThat(ws.complete(HEAD + "limit |")).isEmpty();
    }

    @Test
    void keywordsWhereStatementsItemsAndScopesStart() throws Exception {
        assertThat(labels(ws.complete(HEAD + "|"))).containsExactly("policy", "tools", "default", "limit", "tool", "hide");
        assertThat(labels(ws.complete(HEAD + "tool deploy {\n  |\n}\n"))).contains("allow", "deny", "ask", "require");
        assertThat(labels(ws.complete(HEAD + "default |"))).containsExactly("allow", "deny");
        assertThat(labels(ws.complete("limit x = 5 per 1m per |"))).containsExactly("session", "identity", "global");
    }

    /** The clauses of an {@code ask} rule: {@code approvers} and {@code approve for} are offered and explained. */
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
