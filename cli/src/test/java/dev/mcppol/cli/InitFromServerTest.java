package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcppol init --from-server} against the real server-filesystem: the scaffold checks clean
 * under --werror, its transcript passes, its rules follow the tools' annotations, and nothing is
 * ever overwritten.
 */
class InitFromServerTest {

    static final Path FILESYSTEM = Path.of("../testservers/node_modules/@modelcontextprotocol/"
            + "server-filesystem/dist/index.js").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aRepositoryForALiveServerChecksCleanAndPasses() throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        Path repo = dir.resolve("fs-policy");
        CheckCommandTest.Run init = CheckCommandTest.run("init", "--from-server", repo.toString(), "--", "node",
                FILESYSTEM.toString(), served.toString());
        assertThat(init.err()).isEmpty();
        assertThat(init.code()).isZero();
        assertThat(init.out()).contains("wrote " + repo.resolve("policy.mcppol"))
                .contains("wrote " + repo.resolve("transcripts/first-session.jsonl"));
        String policy = Files.readString(repo.resolve("policy.mcppol"));
        // server-filesystem annotates its tools: reads are allowed, writes are asked or limited.
        assertThat(policy).contains("policy fs_policy\n", "tools \"tools/server.tools.json\"\n", "default deny\n")
                .contains("# read_text_file: readOnlyHint, so it only reads: allowed\ntool read_text_file { allow }\n")
                .contains("tool write_file { ask reason \"write_file may delete or overwrite data: a person approves each call\" }\n")
                .contains("tool create_directory { allow limit 10 per 1m }\n")
                .contains("default resources deny\n", "default roots allow\n");
        assertThat(Files.readString(repo.resolve("tools/server.tools.json"))).contains("\"read_text_file\"");

        CheckCommandTest.Run check = CheckCommandTest.run("check", "--werror", repo.resolve("policy.mcppol").toString());
        assertThat(check.err()).isEmpty();
        assertThat(check.code()).isZero();
        CheckCommandTest.Run test = CheckCommandTest.runIn(repo, "test");
        assertThat(test.code()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).matches("(?s)\\d+ passed, 0 failed\\n");
    }

    @Test
    void neverOverwritesAndSaysWhatIsMissing() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("r"));
        Files.writeString(repo.resolve("policy.mcppol"), "# mine\n");
        CheckCommandTest.Run r = CheckCommandTest.run("init", "--from-server", repo.toString(), "--", "node",
                FILESYSTEM.toString(), dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to overwrite " + repo.resolve("policy.mcppol")).contains("nothing was written");
        assertThat(Files.readString(repo.resolve("policy.mcppol"))).isEqualTo("# mine\n");
        assertThat(repo.resolve("mcppol.yaml")).doesNotExist();
        CheckCommandTest.Run noCommand = CheckCommandTest.run("init", "--from-server", repo.toString());
        assertThat(noCommand.code()).isEqualTo(2);
        assertThat(noCommand.err()).contains("--from-server needs the server command after --");
    }
}
