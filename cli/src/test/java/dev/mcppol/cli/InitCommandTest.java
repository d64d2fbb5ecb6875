package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void initThenTestPasses() throws Exception {
        Path repo = dir.resolve("repo");
        TestCommandTest.Run r = TestCommandTest.run("init", repo.toString());
        assertThat(r.code()).isZero();
        assertThat(repo.resolve("mcppol.yaml")).exists();
        assertThat(repo.resolve("transcripts/example.jsonl")).exists();
        TestCommandTest.Run t = TestCommandTest.runIn(repo.resolve("transcripts"), "test", "--coverage");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).endsWith("4 passed, 0 failed\n");
    }

    @Test
    void initIntoTheWorkingDirectoryAndNeverOverwrites() throws Exception {
        Files.writeString(dir.resolve("policy.mcppol"), "mine\n");
        TestCommandTest.Run r = TestCommandTest.runIn(dir, "init");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to overwrite " + dir.resolve("policy.mcppol")).contains("nothing was written");
        assertThat(Files.readString(dir.resolve("policy.mcppol"))).isEqualTo("mine\n");
        assertThat(dir.resolve("mcppol.yaml")).doesNotExist();
        Files.delete(dir.resolve("policy.mcppol"));
        assertThat(TestCommandTest.runIn(dir, "init").code()).isZero();
        assertThat(dir.resolve("mcppol.yaml")).exists();
    }
}
