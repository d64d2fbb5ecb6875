package dev.mcppol.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imported policies get the importer's findings; the project file its own; other YAML and JSON nothing. */
class DocumentKindsTest {

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
    void interceptYamlAndPolicyLayerJsonAreChecked() {
        Analysis yaml = ws.analysis(ws.open("intercept.yaml", "version: \"1\"\ndefault: deny\ntools:\n  deploy:\n"
                + "    rules:\n      - name: r\n        action: evaluate\n        conditions:\n"
                + "          - path: args.x\n            op: eqq\n            value: 1\n"));
        assertThat(yaml.kind()).isEqualTo(DocumentKind.IMPORTED);
        assertThat(yaml.diagnostics()).extracting(p -> p.sent().getCode().getLeft()).containsExactly("E213");
        assertThat(yaml.diagnostics().get(0).sent().getRange().getStart()).isEqualTo(new Position(9, 16));
        Analysis json = ws.analysis(ws.open("pl.json", "{\"version\": 1, \"default\": \"deny\", \"tools\": {\"deploy\": "
                + "{\"limits\": [{\"counter\": \"c\", \"window\": \"fortnight\", \"max\": 1}]}}}"));
        assertThat(json.kind()).isEqualTo(DocumentKind.IMPORTED);
        assertThat(json.diagnostics()).extracting(p -> p.sent().getCode().getLeft()).contains("E216");
    }

    @Test
    void otherYamlAndJsonFilesAreLeftAlone() {
        assertThat(ws.analysis(ws.open("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}")).diagnostics()).isEmpty();
        assertThat(ws.analysis(ws.open("ci.yml", "on: push\njobs:\n  build: {}\n")).kind()).isEqualTo(DocumentKind.OTHER);
        assertThat(ws.analysis(ws.open("deploy.tools.json", Workspace.SNAPSHOT)).kind()).isEqualTo(DocumentKind.OTHER);
    }

    @Test
    void theProjectFilesOwnErrorsAndItsToolsApplyToItsPolicy() throws Exception {
        Analysis bad = ws.analysis(ws.open("mcppol.yaml", "policy: p.mcppol\nmin_coverag: 80\n"));
        assertThat(bad.kind()).isEqualTo(DocumentKind.PROJECT_FILE);
        assertThat(bad.diagnostics()).hasSize(1);
        assertThat(bad.diagnostics().get(0).sent().getRange()).isEqualTo(new Range(new Position(1, 0), new Position(1, 1)));
        assertThat(bad.diagnostics().get(0).sent().getMessage()).contains("unknown key \"min_coverag\"");

        Files.writeString(dir.resolve("mcppol.yaml"), "policy: p.mcppol\ntools: [deploy.tools.json]\n");
        Analysis policy = ws.analysis(ws.open("p.mcppol", "tool deplyo { allow }\n"));
        assertThat(policy.diagnostics()).extracting(p -> p.sent().getCode().getLeft()).contains("E101");
        Analysis other = ws.analysis(ws.open("q.mcppol", "tool deplyo { allow }\ndefault resources allow\n"));
        assertThat(other.diagnostics()).as("not the project's policy: no snapshot").isEmpty();
    }
}
