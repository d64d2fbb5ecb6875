package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only for a person at a terminal; the painted text reads the same once the codes are gone. */
class TerminalColourTest {

    @Test
    void onlyOnATerminalAndNeverWhenTheEnvironmentSaysNo() {
        assertThat(TerminalColour.enabled(Map.of("TERM", "xterm"), true)).isTrue();
        assertThat(TerminalColour.enabled(Map.of(), false)).as("redirected").isFalse();
        assertThat(TerminalColour.enabled(Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(TerminalColour.enabled(Map.of("NO_COLOR", ""), true)).as("empty NO_COLOR does not count").isTrue();
        assertThat(TerminalColour.enabled(Map.of("CI", "true"), true)).isFalse();
        assertThat(TerminalColour.enabled(Map.of("GITHUB_ACTIONS", "true"), true)).isFalse();
        assertThat(TerminalColour.enabled(Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void diagnosticsAndReportsArePaintedWithoutChangingTheirText() {
        String diag = "p.mcppol:1:6: error[E101]: no tool named 'x'\n  help: did you mean 'y'?\np.mcppol:2:1: warning[W107]: …\n";
        String painted = TerminalColour.diagnostics(diag);
        assertThat(painted).contains("\u001b[1;31merror[E101]\u001b[0m", "\u001b[1;33mwarning[W107]\u001b[0m",
                "  \u001b[36mhelp:\u001b[0m");
        assertThat(painted.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(diag);
        String report = "FAIL t.jsonl:7: read\n  expected deny\n48 passed, 1 failed\nFAILED: coverage 1% …\n";
        String r = TerminalColour.report(report);
        assertThat(r).contains("\u001b[1;31mFAIL\u001b[0m t.jsonl", "\u001b[1;31m48 passed, 1 failed\u001b[0m",
                "\u001b[1;31mFAILED:\u001b[0m");
        assertThat(r.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(report);
        assertThat(TerminalColour.report("3 passed, 0 failed\n")).isEqualTo("\u001b[32m3 passed, 0 failed\u001b[0m\n");
    }
}
