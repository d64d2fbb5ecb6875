package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help on every command, usage errors with "did you mean", enum flags in any case, plain reasons. */
class UsageAndHelpTest {

    static final Path JUPYTER = Path.of("..", "examples", "jupyter", "policy.mcppol");

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command and subcommand, as the words a user types. */
    static List<List<String>> commands(CommandLine cl, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> words = new ArrayList<>(prefix);
            words.add(e.getKey());
            all.add(words);
            all.addAll(commands(e.getValue(), words));
        }
        return all;
    }

    @Test
    void helpAndDashHWorkOnEveryCommandAndSubcommand() {
        List<List<String>> commands = commands(Main.commandLine(), List.of());
        assertThat(commands).contains(List.of("schema", "pull"), List.of("transcript", "import"), List.of("test"));
        for (List<String> words : commands) {
            if (words.get(words.size() - 1).equals("help")) {
                continue;
            }
            String name = "mcppol " + String.join(" ", words);
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(words);
                args.add(flag);
                Run r = run(args.toArray(String[]::new));
                assertThat(r.code()).as(name + " " + flag).isZero();
                assertThat(r.err()).as(name + " " + flag).isEmpty();
                assertThat(r.out()).as(name + " " + flag).startsWith("Usage: " + name);
            }
        }
    }

    @Test
    void helpNamesAnyDepthOfCommand() {
        Run r = run("help", "schema", "pull");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: mcppol schema pull");
        Run bad = run("help", "schema", "pul");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("mcppol schema: unknown command 'pul'; did you mean 'pull'?");
    }

    @Test
    void aMisspeltCommandOrOptionGetsADidYouMean() {
        Run cmd = run("chek", "x.mcppol");
        assertThat(cmd.code()).isEqualTo(2);
        assertThat(cmd.err()).isEqualTo("mcppol: unknown command 'chek'; did you mean 'check'?\nTry 'mcppol --help'.\n");
        Run opt = run("check", "--formt", "json", JUPYTER.toString());
        assertThat(opt.code()).isEqualTo(2);
        assertThat(opt.err()).startsWith("mcppol check: unknown option '--formt'; did you mean --format?\n"
                + "Try 'mcppol check --help'.");
        Run eq = run("test", "--min-coverag=50");
        assertThat(eq.err()).startsWith("mcppol test: unknown option '--min-coverag'; did you mean --min-coverage?");
    }

    @Test
    void enumFlagValuesTakeAnyCase() {
        assertThat(run("check", "--format", "JSON", JUPYTER.toString()).code()).isZero();
        assertThat(run("check", "--input-format", "dsl", JUPYTER.toString()).code()).isZero();
        assertThat(run("check", "--input-format", "Intercept", "../examples/intercept/payments.yaml").code()).isZero();
        assertThat(run("proxy", "--policy", JUPYTER.toString(), "--on-drift", "DENY", "--redis-fail", "Open")
                .err()).contains("--redis-fail needs --redis URL");
    }

    @Test
    void explainOfAnUnknownToolIsAnErrorWithADidYouMean() {
        Run r = run("explain", JUPYTER.toString(), "--tool", "read_notebok");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("mcppol explain: unknown tool read_notebok (not in the policy's tool schemas);"
                + " did you mean read_notebook?\n");
        assertThat(run("explain", JUPYTER.toString(), "--tool", "read_notebook").code()).isZero();
    }

    @Test
    void explainWithoutSchemasStillExplainsGlobDecidedTools(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("p.mcppol");
        Files.writeString(p, "tool read_file { allow }\ntool list_* { allow }\n");
        assertThat(run("explain", p.toString(), "--tool", "list_dir").code()).isZero();
        Run typo = run("explain", p.toString(), "--tool", "read_fil");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown tool read_fil (the policy names no such tool); did you mean read_file?");
    }

    @Test
    void compileIntoAMissingFolderSaysWhy(@TempDir Path dir) {
        Path out = dir.resolve("no/such/b.json");
        Run r = run("compile", JUPYTER.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("mcppol compile: cannot write " + out + ": the folder " + out.getParent()
                + " does not exist (create it first)\n");
    }

    @Test
    void proxyGivenAPolicyAsBundleSuggestsPolicy() {
        Run r = run("proxy", "--bundle", JUPYTER.toString(), "--", "true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("mcppol proxy: " + JUPYTER + " is a policy, not a compiled bundle: pass it with"
                + " --policy " + JUPYTER + " (compiled in memory), or compile it first with `mcppol compile " + JUPYTER
                + "`\n");
    }

    @Test
    void aMisspeltProjectFileKeyGetsADidYouMean(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mcppol.yaml"), "polcy: p.mcppol\n");
        CheckCommandTest.Run r = CheckCommandTest.runIn(dir, "test");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mcppol.yaml:1:1: unknown key \"polcy\": did you mean \"policy\"?");
    }

    @Test
    void w107IsSaidOnceByCheckNotByCompileOrTest(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("p.mcppol");
        Files.writeString(p, "default allow\ntool get-sum { allow }\n");
        String tools = CheckCommandTest.EVERYTHING.toString();
        Run check = run("check", "--tools", tools, p.toString());
        assertThat(check.err().split("warning\\[W107\\]", -1)).hasSize(2);
        Run compile = run("compile", "--tools", tools, p.toString(), "-o", dir.resolve("b.json").toString());
        assertThat(compile.code()).isZero();
        assertThat(compile.err()).doesNotContain("W107");
    }
}
