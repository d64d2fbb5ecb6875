package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: exit codes, messages naming file:line:col, no stack traces without --debug. */
class CliTest {

    static final Path EXAMPLE = Path.of("..", "examples", "jupyter");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theExampleTranscriptsPass() {
        Run r = run("test", "--policy", EXAMPLE.resolve("policy.mcppol").toString(),
                EXAMPLE.resolve("transcripts").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).matches("(?s).*\\n?\\d+ passed, 0 failed\\n");
        assertThat(r.code()).isEqualTo(0);
    }

    @Test
    void editingOneExpectationFailsWithAReport() throws IOException {
        Path copy = dir.resolve("t.jsonl");
        List<String> lines = Files.readAllLines(EXAMPLE.resolve("transcripts/allow-and-deny.jsonl"));
        lines.replaceAll(l -> l.contains("/workspace/analysis.ipynb") && l.contains("\"expect\": \"allow\"")
                ? l.replace("\"expect\": \"allow\"", "\"expect\": \"deny\"") : l);
        Files.write(copy, lines);
        Run r = run("test", "--policy", EXAMPLE.resolve("policy.mcppol").toString(), copy.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL " + copy + ":7: read_notebook").contains("expected deny")
                .contains("actual   allow by rule workspace_reads").contains(" passed, 1 failed\n");
    }

    @Test
    void testAlsoTakesACompiledBundle() throws IOException {
        Path bundle = dir.resolve("jupyter.bundle.json");
        assertThat(run("compile", EXAMPLE.resolve("policy.mcppol").toString(), "-o", bundle.toString()).code())
                .isZero();
        Run r = run("test", "--policy", bundle.toString(), EXAMPLE.resolve("transcripts").toString());
        assertThat(r.code()).isZero();
    }

    @Test
    void compileIsDeterministic() throws IOException {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        run("compile", EXAMPLE.resolve("policy.mcppol").toString(), "-o", a.toString());
        run("compile", EXAMPLE.resolve("policy.mcppol").toString(), "-o", b.toString());
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumnAndExits2() throws IOException {
        Path p = dir.resolve("bad.mcppol");
        Files.writeString(p, "policy bad\ntool t {\n  allow when x === 1\n}\n");
        for (String verb : List.of("check", "compile")) {
            Run r = run(verb, p.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains(p + ":3:18: error[E001]").contains("    allow when x === 1")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void checkOfAGoodPolicyIsQuietAndZero() {
        Run r = run("check", EXAMPLE.resolve("policy.mcppol").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(": ok");
    }

    @Test
    void aMissingPolicyFileIsUnusableInput() {
        Run r = run("check", dir.resolve("nope.mcppol").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.mcppol: error[E010]: no such file");
    }

    @Test
    void aMalformedTranscriptExits2NamingFileAndLine() throws IOException {
        Path t = dir.resolve("broken.jsonl");
        Files.writeString(t, "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}}\n{oops\n");
        Run r = run("test", "--policy", EXAMPLE.resolve("policy.mcppol").toString(), t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(t + ":2: not valid JSON");
    }

    @Test
    void noTranscriptsOrNoExpectationsExit2() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThat(run("test", "--policy", EXAMPLE.resolve("policy.mcppol").toString(), empty.toString()).code())
                .isEqualTo(2);
        Path t = dir.resolve("plain.jsonl");
        Files.writeString(t, "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}}\n");
        Run r = run("test", "--policy", EXAMPLE.resolve("policy.mcppol").toString(), t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no expectation");
    }

    @Test
    void aBadFlagExits2() {
        Run r = run("check", "--no-such-flag", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option '--no-such-flag'");
    }

    @Test
    void aTamperedBundleIsRefused() throws IOException {
        Path bundle = dir.resolve("b.bundle.json");
        run("compile", EXAMPLE.resolve("policy.mcppol").toString(), "-o", bundle.toString());
        Files.writeString(bundle, Files.readString(bundle).replace("\"deny\"", "\"allow\""));
        Run r = run("test", "--policy", bundle.toString(), EXAMPLE.resolve("transcripts").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("does not match its sha256");
    }

    @Test
    void signedBundlesVerifyAndOthersAreRefused() throws IOException {
        Path prefix = dir.resolve("team");
        assertThat(run("keygen", prefix.toString()).code()).isZero();
        Path other = dir.resolve("other");
        assertThat(run("keygen", other.toString()).code()).isZero();
        assertThat(run("keygen", prefix.toString()).code()).as("never overwrites a key").isEqualTo(2);
        Path signed = dir.resolve("signed.json");
        Run c = run("compile", EXAMPLE.resolve("policy.mcppol").toString(), "-o", signed.toString(), "--signing-key",
                dir.resolve("team.key").toString());
        assertThat(c.out()).contains(", signed)");
        String transcripts = EXAMPLE.resolve("transcripts").toString();
        assertThat(run("test", "--verify-key", dir.resolve("team.pub").toString(), "--policy", signed.toString(),
                transcripts).code()).isZero();
        Run wrongKey = run("test", "--verify-key", dir.resolve("other.pub").toString(), "--policy", signed.toString(),
                transcripts);
        assertThat(wrongKey.code()).isEqualTo(2);
        assertThat(wrongKey.err()).contains("signature does not verify");
        Path unsigned = dir.resolve("unsigned.json");
        run("compile", EXAMPLE.resolve("policy.mcppol").toString(), "-o", unsigned.toString());
        Run notSigned = run("test", "--verify-key", dir.resolve("team.pub").toString(), "--policy", unsigned.toString(),
                transcripts);
        assertThat(notSigned.code()).isEqualTo(2);
        assertThat(notSigned.err()).contains("bundle is not signed");
        // The signature covers the hash, which covers the body: an edit is caught either way.
        Files.writeString(signed, Files.readString(signed).replace("\"allow\"", "\"deny\""));
        assertThat(run("test", "--verify-key", dir.resolve("team.pub").toString(), "--policy", signed.toString(),
                transcripts).code()).isEqualTo(2);
    }

    @Test
    void inspectPrintsEveryToolsTable() {
        Run r = run("inspect", EXAMPLE.resolve("policy.mcppol").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("tool read_notebook  (3 tests, 4 paths)")
                .contains("path under \"/etc\"  →  deny by no_system_files")
                .contains("any other tool  (0 tests, 1 path)").contains("always  →  deny (default)");
    }

    @Test
    void explainShowsEveryTestOnThePathAndTheOutcome() {
        Run r = run("explain", EXAMPLE.resolve("policy.mcppol").toString(), "--tool", "read_notebook", "--args",
                "{\"path\": \"/root/.ssh/id_rsa\"}");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("path under \"/etc\"   false").contains("path under \"/root\"  true")
                .contains("decision: deny — system files are off limits");
        assertThat(run("explain", EXAMPLE.resolve("policy.mcppol").toString(), "--tool", "x", "--args", "[1]").code())
                .isEqualTo(2);
    }
}
