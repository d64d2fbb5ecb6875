package dev.mcppol.cli;

import static dev.mcppol.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mcppol fmt and fmt --check. */
class CheckFmtCommandTest {

    @Test
    void checkListsFilesThatWouldChangeAndRewritingFixesThem(@TempDir Path dir) throws Exception {
        Path messy = dir.resolve("messy.mcppol");
        Path tidy = dir.resolve("tidy.mcppol");
        Files.writeString(messy, "tool  t{allow when a<1}   # why\n");
        Files.writeString(tidy, "tool t { allow }\n");
        CheckCommandTest.Run check = run("fmt", "--check", messy.toString(), tidy.toString());
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out().trim()).isEqualTo(messy.toString());
        assertThat(Files.readString(messy)).isEqualTo("tool  t{allow when a<1}   # why\n");
        assertThat(run("fmt", messy.toString()).code()).isZero();
        assertThat(Files.readString(messy)).isEqualTo("tool t { allow when a < 1 }  # why\n");
        assertThat(run("fmt", "--check", messy.toString(), tidy.toString()).code()).isZero();
    }

    @Test
    void syntaxErrorsExitTwoAndLeaveTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.mcppol");
        Files.writeString(bad, "tool t { allow when }\n");
        CheckCommandTest.Run r = run("fmt", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error[E001]");
        assertThat(Files.readString(bad)).isEqualTo("tool t { allow when }\n");
        assertThat(run("fmt", dir.resolve("missing.mcppol").toString()).code()).isEqualTo(2);
    }
}
