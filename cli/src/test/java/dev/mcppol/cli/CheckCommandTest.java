package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** mcppol check: formats and exit codes (0 clean, 1 warnings under --werror, 2 errors). */
class CheckCommandTest {

    static final Path EVERYTHING = Path.of("../compiler/src/test/resources/schemas/everything.tools.json")
            .toAbsolutePath().normalize();
    static final Path FOUR = Path.of("../compiler/src/test/resources/check/four-errors.mcppol");

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        return run(ProjectFileContext.ofProcess(), args);
    }

    /** Runs {@code mcppol} with {@code dir} as its working directory (the JVM's own stays as it is). */
    static Run runIn(Path dir, String... args) {
        return run(ProjectFileContext.ofProcess().in(dir), args);
    }

    static Run run(ProjectFileContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), context);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void errorsExitTwoWithEveryErrorInOneRun() {
        Run r = run("check", "--tools", EVERYTHING.toString(), FOUR.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error[E101]", "error[E102]", "error[E103]", "error[E104]", "4 errors")
                .doesNotContain("Exception");
    }

    @Test
    void warningsExitZeroOrOneUnderWerror(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("p.mcppol");
        // W107 is about default allow (under default deny the default already denies the unnamed tools).
        Files.writeString(p, "default allow\ntool get-sum { allow }\n");
        Run plain = run("check", "--tools", EVERYTHING.toString(), p.toString());
        assertThat(plain.code()).isZero();
        assertThat(plain.err()).contains("warning[W107]");
        assertThat(plain.out()).contains(": ok");
        assertThat(run("check", "--werror", "--tools", EVERYTHING.toString(), p.toString()).code()).isEqualTo(1);
        Files.writeString(p, "default allow\ntool * { allow }\n");
        Run unchecked = run("check", "--werror", "--tools", EVERYTHING.toString(), p.toString());
        assertThat(unchecked.code()).as("the other methods pass unchecked: W131").isEqualTo(1);
        assertThat(unchecked.err()).contains("warning[W131]");
        Files.writeString(p, "default allow\ntool * { allow }\ndefault resources allow\n");
        assertThat(run("check", "--werror", "--tools", EVERYTHING.toString(), p.toString()).code()).isZero();
        Files.writeString(p, "tool get-sum { allow }\ndefault resources allow\n");
        assertThat(run("check", "--werror", "--tools", EVERYTHING.toString(), p.toString()).code()).isZero();
    }

    @Test
    void jsonAndSarifGoToStdout() {
        Run json = run("check", "--format", "json", "--tools", EVERYTHING.toString(), FOUR.toString());
        assertThat(json.code()).isEqualTo(2);
        JsonNode doc = Json.MAPPER.readTree(json.out());
        assertThat(doc.get("errors").asInt()).isEqualTo(4);
        Run sarif = run("check", "--format", "sarif", "--tools", EVERYTHING.toString(), FOUR.toString());
        JsonNode s = Json.MAPPER.readTree(sarif.out());
        assertThat(s.get("version").asString()).isEqualTo("2.1.0");
        assertThat(s.get("runs").get(0).get("results")).hasSize(5); // 4 errors, W107 (its `default resources` keeps W131 quiet)
        assertThat(run("check", "--format", "xml", FOUR.toString()).code()).isEqualTo(2);
    }

    @Test
    void theShippedExamplesCheckCleanEvenUnderWerror() {
        for (String example : new String[] {"../examples/jupyter/policy.mcppol", "../examples/everything/policy.mcppol",
            "../examples/identity/policy.mcppol"}) {
            Run r = run("check", "--werror", example);
            assertThat(r.code()).as(example).isZero();
            assertThat(r.err()).as(example).isEmpty();
            assertThat(r.out()).contains(": ok");
        }
    }

    @Test
    void theIdentityExampleCasesPassWithTheirClaims() {
        Run r = run("test", "--policy", "../examples/identity/policy.mcppol", "../examples/identity/cases");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("9 passed, 0 failed");
    }
}
