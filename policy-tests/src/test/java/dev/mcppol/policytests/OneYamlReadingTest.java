package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.imports.PNode;
import dev.mcppol.compiler.imports.PositionedReader;
import dev.mcppol.runtime.bundle.Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Case files and {@code mcppol.yaml} read YAML as the Intercept importer does: a scalar the importer
 * refuses as ambiguous is refused at the same line and column with the same words, and every other
 * scalar means the same value.
 */
class OneYamlReadingTest {

    /** Plain and quoted scalars, including every form YAML 1.1 and 1.2 read differently. */
    static final List<String> SCALARS = List.of("True", "TRUE", "False", "true", "false", "~", "Null", "NULL", "null",
            "0x10", "0o17", "0755", "017", "0b11", "1_000", "12:30", "2024-01-01", "2024-1-2 10:00", "yes", "No", "on",
            "OFF", "y", "n", "5", "-3", "+1", "1.5", "1e3", "1.", ".inf", "-.Inf", ".nan", "0", "00", "x", "hello world",
            "\"True\"", "'~'", "\"0x10\"", "'yes'", "\"\"");

    @TempDir
    Path dir;
    Bundle bundle;

    @BeforeEach
    void compile() throws Exception {
        bundle = HarnessFixture.compile(dir, "demo.mcppol", TranscriptReplayTest.POLICY);
    }

    @Test
    void caseFilesReadEveryScalarAsTheImporterDoes() throws Exception {
        List<String> checked = new ArrayList<>();
        for (String scalar : SCALARS) {
            String yaml = "- call:\n    tool: echo\n    args:\n      v: " + scalar + "\n  expect: allow\n";
            Diagnostics d = new Diagnostics();
            PNode imported = PositionedReader.readYaml("f.yaml", yaml, d);
            Path f = dir.resolve("s" + checked.size() + ".cases.yaml");
            Files.writeString(f, yaml);
            checked.add(scalar);
            List<Diagnostic> errors = d.all().stream().filter(Diagnostic::isError).toList();
            if (!errors.isEmpty()) {
                Diagnostic e = errors.get(0);
                assertThatThrownBy(() -> replay(f)).as(scalar).isInstanceOfSatisfying(TranscriptException.class, x -> {
                    assertThat(x.line()).as(scalar).isEqualTo(e.span().line());
                    assertThat(x.column()).as(scalar).isEqualTo(e.span().col());
                    assertThat(x.getMessage()).as(scalar).startsWith(e.message());
                });
                continue;
            }
            PNode v = ((PNode.PMap) ((PNode.PMap) ((PNode.PMap) ((PNode.PList) imported).items().get(0)).get("call"))
                    .get("args")).get("v");
            JsonNode read = replay(f).get(0).arguments().get("v");
            assertThat(kindOf(read)).as(scalar).isEqualTo(((PNode.PScalar) v).kind());
            PNode.PScalar s = (PNode.PScalar) v;
            if (s.isNumber()) {
                assertThat(read.decimalValue()).as(scalar).isEqualByComparingTo(s.number());
            } else if (s.isString()) {
                assertThat(read.stringValue()).as(scalar).isEqualTo(s.text());
            }
        }
        assertThat(checked).hasSize(SCALARS.size());
    }

    @Test
    void ambiguousScalarsInCaseFilesAreRefusedWithTheirPosition() throws Exception {
        // Each of these was read as a string before: True, ~ and 0x10 passed as "True", "~", "0x10".
        String[][] cases = {
            {"- call: {tool: echo, args: {flag: True}}\n  expect: allow\n", "1", "35", "'True' is ambiguous"},
            {"- call: {tool: echo, args: {k: 0x10}}\n  expect: allow\n", "1", "32", "'0x10' is ambiguous"},
            {"session: ~\ncases:\n- call: {tool: echo}\n  expect: allow\n", "1", "10", "'~' is ambiguous"},
            {"- call: {tool: echo, args: {yes: 1}}\n  expect: allow\n", "1", "29", "'yes' is ambiguous"},
            {"- call: {tool: echo, args: {k: .inf}}\n  expect: allow\n", "1", "32", "'.inf' is not a finite number"},
            {"- call: {tool: echo}\n  expect: {outcome: allow, rule: on}\n", "2", "34", "'on' is ambiguous"},
        };
        for (String[] c : cases) {
            Path f = dir.resolve("a.cases.yaml");
            Files.writeString(f, c[0]);
            assertThatThrownBy(() -> replay(f)).as(c[0]).isInstanceOfSatisfying(TranscriptException.class, e -> {
                assertThat(e.describe()).as(c[0]).startsWith(f + ":" + c[1] + ":" + c[2] + ": " + c[3]);
                if (c[3].contains("ambiguous")) {
                    assertThat(e.getMessage()).as(c[0]).contains("quote it");
                }
            });
        }
        // quoted, they are the strings they look like
        Path f = dir.resolve("q.cases.yaml");
        Files.writeString(f, "- call: {tool: echo, args: {flag: \"True\", k: '0x10', t: \"~\"}}\n  expect: allow\n");
        JsonNode args = replay(f).get(0).arguments();
        assertThat(args.get("flag").stringValue()).isEqualTo("True");
        assertThat(args.get("k").stringValue()).isEqualTo("0x10");
        assertThat(args.get("t").stringValue()).isEqualTo("~");
    }

    @Test
    void theProjectFileReadsScalarsAlike() throws Exception {
        Path yaml = dir.resolve("mcppol.yaml");
        Files.writeString(yaml, "policy: demo.mcppol\ntranscripts: [~]\n");
        assertThatThrownBy(() -> ProjectConfig.read(yaml)).isInstanceOfSatisfying(
                ProjectConfig.ProjectFileException.class,
                e -> assertThat(e.getMessage()).startsWith(yaml + ":2:15: '~' is ambiguous"));
        Files.writeString(yaml, "policy: yes\n");
        assertThatThrownBy(() -> ProjectConfig.read(yaml)).isInstanceOfSatisfying(
                ProjectConfig.ProjectFileException.class,
                e -> assertThat(e.getMessage()).startsWith(yaml + ":1:9: 'yes' is ambiguous"));
        Files.writeString(yaml, "policy: demo.mcppol\ntranscripts: \"~\"\nmin_coverage: 80\n");
        ProjectConfig c = ProjectConfig.read(yaml);
        assertThat(c.transcripts()).containsExactly(dir.toAbsolutePath().resolve("~"));
        assertThat(c.minCoverage()).isEqualTo(80.0);
    }

    private static PNode.ScalarKind kindOf(JsonNode n) {
        if (n.isString()) {
            return PNode.ScalarKind.STRING;
        }
        if (n.isIntegralNumber()) {
            return PNode.ScalarKind.INTEGER;
        }
        if (n.isNumber()) {
            return PNode.ScalarKind.DECIMAL;
        }
        if (n.isBoolean()) {
            return PNode.ScalarKind.BOOLEAN;
        }
        return PNode.ScalarKind.NULL;
    }

    private List<CallResult> replay(Path f) throws Exception {
        List<CallResult> out = new ArrayList<>();
        new TranscriptReplayer(bundle).replay(f, out::add);
        return out;
    }
}
