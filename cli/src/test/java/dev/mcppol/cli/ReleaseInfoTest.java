package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** --version names the version and the commit; completion scripts come from the command specs. */
class ReleaseInfoTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionPrintsVersionAndCommit() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("mcppol \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\ncommit ([0-9a-f]{12}|unknown)\\n");
        assertThat(Version.number()).doesNotContain("$").doesNotContain("mcppol");
    }

    @Test
    void completionScriptsCoverEveryCommand() {
        Run bash = run("completion", "bash");
        assertThat(bash.code()).isZero();
        assertThat(bash.out()).contains("complete -F _complete_mcppol").contains("schema").contains("pull")
                .contains("--min-coverage").contains("--input-format");
        Run zsh = run("completion", "ZSH");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n")
                .contains("complete -F _complete_mcppol");
        assertThat(run("completion", "fish").code()).isEqualTo(2);
    }
}
