package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseFileTest {

    @TempDir
    Path dir;
    Bundle bundle;

    @BeforeEach
    void compile() throws Exception {
        bundle = HarnessFixture.compile(dir, "demo.mcppol", TranscriptReplayTest.POLICY);
    }

    Path cases(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    List<CallResult> replay(Path f) throws Exception {
        List<CallResult> out = new ArrayList<>();
        new TranscriptReplayer(bundle).replay(f, out::add);
        return out;
    }

    @Test
    void aBareListOnTheVirtualClock() throws Exception {
        Path f = cases("echo.cases.yaml", """
                - call: {tool: echo}
                  expect: allow
                - call: {tool: echo, at: 100}
                  expect: allow
                # same time as the previous case: the window still holds two calls
                - call: {tool: echo}
                  expect: {outcome: limit}
                - call: {tool: echo, at: 10100}
                  expect: allow
                - call: {tool: write, args: {path: /etc/passwd}}
                  expect: {outcome: deny, rule: no_etc, reason: system}
                """);
        List<CallResult> r = replay(f);
        assertThat(r).hasSize(5).allMatch(CallResult::passed);
        assertThat(r.get(0).session()).isEqualTo("echo");
        assertThat(r.get(2).line()).isEqualTo(6);
        assertThat(r.get(4).arguments().get("path").stringValue()).isEqualTo("/etc/passwd");
    }

    @Test
    void aMappingWithSessionAndIdentityDefaults() throws Exception {
        Path f = cases("ids.cases.yaml", """
                session: s1
                identity: alice
                cases:
                  - call: {tool: write, args: {path: /w}, session: a}
                  - call: {tool: write, args: {path: /w}, session: b}
                    expect: allow
                  - call: {tool: write, args: {path: /w}}
                    expect: limit
                  - call: {tool: write, args: {path: /w}, identity: bob}
                    expect: allow
                """);
        List<CallResult> r = replay(f);
        assertThat(r).hasSize(3).allMatch(CallResult::passed);
        assertThat(r.get(1).session()).isEqualTo("s1");
        assertThat(r.get(1).identity()).isEqualTo("alice");
        assertThat(r.get(2).identity()).isEqualTo("bob");
    }

    @Test
    void theRunnerFindsCaseFilesNextToTranscripts() throws Exception {
        Path d = Files.createDirectory(dir.resolve("mix"));
        Files.writeString(d.resolve("a.cases.yml"), "- call: {tool: echo}\n  expect: allow\n");
        Files.writeString(d.resolve("b.jsonl"), HarnessFixture.rec(0, "nope", "{}", ",\"expect\":\"deny\"") + "\n");
        Files.writeString(d.resolve("notes.yaml"), "not: a case file\n");
        ReplayReport report = new TestRunner().run(bundle, List.of(d));
        assertThat(report.passed()).isEqualTo(2);
        assertThat(report.files()).hasSize(2);
    }

    @Test
    void errorsNameFileLineAndColumn() throws Exception {
        assertError(cases("e1.cases.yaml", "- call: {tool: echo}\n  expct: allow\n"), 2, 3, "unknown case key \"expct\"");
        assertError(cases("e2.cases.yaml", "- call: {tool: echo, argz: {}}\n  expect: allow\n"), 1, 22,
                "unknown call key \"argz\"");
        assertError(cases("e3.cases.yaml", "- call: {tool: echo}\n  expect: maybe\n"), 2, 11, "unknown outcome 'maybe'");
        assertError(cases("e4.cases.yaml", "- call: {args: {}}\n  expect: allow\n"), 1, 3, "needs \"tool\"");
        assertError(cases("e5.cases.yaml", "- call: {tool: echo, at: 5}\n- call: {tool: echo, at: 4}\n"), 2, 26,
                "goes backwards");
        assertError(cases("e6.cases.yaml", "- call: {tool: echo\n  expect: allow\n"), 2, 0, "not valid YAML");
        assertError(cases("e7.cases.yaml", "sesion: x\ncases: []\n"), 1, 1, "unknown key \"sesion\"");
        assertError(cases("e8.cases.yaml", "- expect: allow\n"), 1, 3, "needs \"call\"");
        assertError(cases("e9.cases.yaml", "- call: {tool: echo}\n  expect: {outcome: deny, rul: x}\n"), 2, 27,
                "unknown expect key \"rul\"");
    }

    void assertError(Path f, int line, int col, String text) {
        assertThatThrownBy(() -> replay(f)).isInstanceOfSatisfying(TranscriptException.class, e -> {
            assertThat(e.getMessage()).contains(text);
            assertThat(e.file()).isEqualTo(f.toString());
            assertThat(e.line()).isEqualTo(line);
            if (col > 0) {
                assertThat(e.column()).isEqualTo(col);
                assertThat(e.describe()).startsWith(f + ":" + line + ":" + col + ": ");
            }
        });
    }
}
