package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/policy-gate, the script the GitHub Action runs, on a temporary git repository with a base
 * and a head commit, as a pull request would have them: the base policy is read in place (its
 * relative tools path works), each flipped call is annotated once with a path relative to the
 * repository, and the exit code gates.
 */
class PolicyGateIT {

    static final Path SCRIPT = Path.of("../scripts/policy-gate").toAbsolutePath().normalize();
    static final Path JAR = Path.of(System.getProperty("mcppol.jar", "target/mcppol.jar")).toAbsolutePath();
    static final Path TOOLS = Path.of("../examples/jupyter/jupyter.tools.json").toAbsolutePath().normalize();

    @TempDir
    Path repo;

    record Result(int code, String out) {
    }

    Result sh(String... cmd) throws Exception {
        Path log = Files.createTempFile("gate", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("MCPPOL", Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + JAR);
        pb.environment().put("GITHUB_ACTIONS", "true");
        pb.environment().put("GIT_AUTHOR_NAME", "t");
        pb.environment().put("GIT_AUTHOR_EMAIL", "t@example.org");
        pb.environment().put("GIT_COMMITTER_NAME", "t");
        pb.environment().put("GIT_COMMITTER_EMAIL", "t@example.org");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + List.of(cmd));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(p.exitValue(), out);
    }

    static final String CALL = "{\"t\": %d, \"dir\": \"c2s\", \"msg\": {\"jsonrpc\": \"2.0\", \"id\": %d, \"method\": "
            + "\"tools/call\", \"params\": {\"name\": \"start_kernel\", \"arguments\": {\"kernel_name\": \"%s\"}}}, "
            + "\"expect\": \"%s\"}";

    @Test
    void aPullRequestThatFlipsACallIsAnnotatedOncePerCallAndFails() throws Exception {
        Files.createDirectories(repo.resolve("schemas"));
        Files.copy(TOOLS, repo.resolve("schemas/jupyter.tools.json"));
        Files.createDirectories(repo.resolve("transcripts"));
        Files.writeString(repo.resolve("mcppol.yaml"), "policy: policy.mcppol\ntranscripts: [transcripts]\n");
        String base = "policy p\ntools \"schemas/jupyter.tools.json\"\ndefault deny\ndefault resources deny\n"
                + "tool start_kernel { allow as known when kernel_name in [\"python3\", \"ir\"] }\n";
        Files.writeString(repo.resolve("policy.mcppol"), base);
        Files.writeString(repo.resolve("transcripts/session.jsonl"), String.join("\n",
                "{\"mcppol\": \"transcript/1\", \"session\": \"s1\"}",
                String.format(CALL, 0, 1, "python3", "allow"),
                String.format(CALL, 10, 2, "ir", "allow"),
                String.format(CALL, 20, 3, "ruby", "deny")) + "\n");
        assertThat(sh("git", "init", "-q", "-b", "main").code()).isZero();
        assertThat(sh("git", "add", "-A").code()).isZero();
        assertThat(sh("git", "commit", "-q", "-m", "base").code()).isZero();
        // The pull request: R kernels (ir) are no longer allowed; the transcript still expects allow.
        Files.writeString(repo.resolve("policy.mcppol"), base.replace(", \"ir\"", ""));
        assertThat(sh("git", "commit", "-q", "-am", "head").code()).isZero();

        Result r = sh("bash", SCRIPT.toString(), "--base-ref", "HEAD~1", "--junit", "junit.xml");
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        List<String> annotations = new ArrayList<>(r.out().lines().filter(l -> l.startsWith("::error") || l.startsWith("::warning")).toList());
        assertThat(annotations).as(r.out()).hasSize(1);
        assertThat(annotations.get(0)).startsWith("::error file=transcripts/session.jsonl,line=3,")
                .contains("allow → deny (expected allow, got deny)");
        assertThat(r.out()).contains("tool start_kernel: behaviour changed").doesNotContain("does not exist");
        assertThat(repo.resolve("junit.xml")).exists();
        assertThat(sh("git", "worktree", "list").out().lines().count()).as("the base worktree is removed").isEqualTo(1);

        // Without a base (a push to main), the same head fails on its expectation alone, annotated once.
        Result push = sh("bash", SCRIPT.toString());
        assertThat(push.code()).isEqualTo(1);
        assertThat(push.out().lines().filter(l -> l.startsWith("::error"))).hasSize(1);
        // Flips declared intended, with the expectation updated: green.
        Files.writeString(repo.resolve("transcripts/session.jsonl"), Files.readString(repo.resolve("transcripts/session.jsonl"))
                .replace("\"ir\"}}}, \"expect\": \"allow\"", "\"ir\"}}}, \"expect\": \"deny\""));
        Result ok = sh("bash", SCRIPT.toString(), "--base-ref", "HEAD~1", "--allow-changes");
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out().lines().filter(l -> l.startsWith("::warning"))).hasSize(1);
    }
}
