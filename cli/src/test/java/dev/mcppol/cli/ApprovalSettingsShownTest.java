package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} and {@code explain} show who approves an ask rule and for how long one approval lasts. */
class ApprovalSettingsShownTest {
    private static final String POLICY = """
            policy mail
            default deny
            tool send_email { ask as outgoing approvers "security", "alice" approve for 90m reason "a person approves mail" }
            tool delete { ask as once_only }
            """;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(out + "\n" + err).isZero();
        return out.toString();
    }

    @Test
    void inspectShowsApproversAndTheGrantTime(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("mail.mcppol"), POLICY);
        String shown = run("inspect", policy.toString());
        assertThat(shown).contains("ask by outgoing").contains("approvers security, alice").contains("approve for 90m");
        // a rule without them says nothing of them
        assertThat(shown.lines().filter(l -> l.contains("once_only"))).isNotEmpty()
                .noneMatch(l -> l.contains("approvers") || l.contains("approve for"));
    }

    @Test
    void explainShowsApproversAndTheGrantTime(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("mail.mcppol"), POLICY);
        String explained = run("explain", policy.toString(), "--tool", "send_email", "--args", "{\"to\":\"bob\"}");
        assertThat(explained).contains("ask").contains("approvers security, alice").contains("approve for 90m");
    }
}
