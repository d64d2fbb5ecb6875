package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.model.Outcome;
import dev.mcppol.runtime.transcript.TranscriptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptReplayTest {

    static final String POLICY = """
            policy demo
            default deny
            limit calls = 2 per 10s per session
            limit mine = 2 per 1m per identity
            tool echo { allow as echo_ok limit calls }
            tool write { deny as no_etc when path startsWith "/etc/" reason "system files"
                         allow limit mine }
            tool strict { validate required
                          allow }
            """;

    @TempDir
    Path dir;
    Bundle bundle;

    @BeforeEach
    void compile() throws IOException {
        Path p = dir.resolve("demo.mcppol");
        Files.writeString(p, POLICY);
        CompileResult r = new PolicyCompiler().compile(p, PolicyCompiler.Options.defaults());
        assertThat(r.diagnostics().all()).isEmpty();
        bundle = r.bundle();
    }

    static String call(int id, String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + args + "}}";
    }

    Path transcript(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    List<CallResult> replay(Path f) throws Exception {
        List<CallResult> out = new ArrayList<>();
        new TranscriptReplayer(bundle).replay(f, out::add);
        return out;
    }

    @Test
    void expectationsAsStringsAndObjects() throws Exception {
        Path f = transcript("a.jsonl",
                "{\"mcppol\":\"transcript/1\",\"session\":\"s\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + ",\"expect\":\"allow\"}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call(2, "write", "{\"path\":\"/etc/x\"}")
                        + ",\"expect\":{\"outcome\":\"deny\",\"rule\":\"no_etc\",\"reason\":\"system\"}}",
                "{\"t\":2,\"dir\":\"c2s\",\"msg\":" + call(3, "nope", "{}") + ",\"expect\":{\"outcome\":\"deny\",\"rule\":\"default\"}}");
        assertThat(replay(f)).allMatch(CallResult::passed).hasSize(3);
    }

    @Test
    void aWrongRuleOrReasonFails() throws Exception {
        Path f = transcript("a.jsonl",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call(2, "write", "{\"path\":\"/etc/x\"}")
                        + ",\"expect\":{\"outcome\":\"deny\",\"rule\":\"other\"}}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call(3, "write", "{\"path\":\"/etc/x\"}")
                        + ",\"expect\":{\"outcome\":\"deny\",\"reason\":\"nope\"}}");
        List<CallResult> r = replay(f);
        assertThat(r.get(0).mismatch()).isEqualTo("expected rule other, got no_etc");
        assertThat(r.get(1).mismatch()).contains("reason containing \"nope\"");
    }

    @Test
    void callsWithoutExpectStillConsumeLimitsOnTheVirtualClock() throws Exception {
        Path f = transcript("s.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + "}",
                "{\"t\":100,\"dir\":\"c2s\",\"msg\":" + call(2, "echo", "{}") + "}",
                "{\"t\":9999,\"dir\":\"c2s\",\"msg\":" + call(3, "echo", "{}") + ",\"expect\":\"limit\"}",
                "{\"t\":10000,\"dir\":\"c2s\",\"msg\":" + call(4, "echo", "{}") + ",\"expect\":\"allow\"}");
        List<CallResult> r = replay(f);
        assertThat(r).allMatch(CallResult::passed);
        assertThat(r.get(0).actual().retryAtMillis()).isEqualTo(10_000);
    }

    @Test
    void sessionDefaultsToTheFileNameAndRecordsOverrideIt() throws Exception {
        Path f = transcript("sess.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + "}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(2, "echo", "{}") + "}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(3, "echo", "{}") + ",\"expect\":\"limit\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"session\":\"other\",\"msg\":" + call(4, "echo", "{}") + ",\"expect\":\"allow\"}");
        List<CallResult> r = replay(f);
        assertThat(r).allMatch(CallResult::passed);
        assertThat(r.get(0).session()).isEqualTo("sess");
    }

    @Test
    void identityFromHeaderAndClearedByNull() throws Exception {
        Path f = transcript("id.jsonl",
                "{\"mcppol\":\"transcript/1\",\"identity\":\"alice\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"session\":\"a\",\"msg\":" + call(1, "write", "{\"path\":\"/w\"}") + "}",
                "{\"t\":0,\"dir\":\"c2s\",\"session\":\"b\",\"msg\":" + call(2, "write", "{\"path\":\"/w\"}") + "}",
                "{\"t\":0,\"dir\":\"c2s\",\"session\":\"c\",\"msg\":" + call(3, "write", "{\"path\":\"/w\"}") + ",\"expect\":\"limit\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"identity\":null,\"msg\":" + call(4, "write", "{\"path\":\"/w\"}") + ",\"expect\":\"allow\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"identity\":\"bob\",\"msg\":" + call(5, "write", "{\"path\":\"/w\"}") + ",\"expect\":\"allow\"}");
        List<CallResult> r = replay(f);
        assertThat(r).allMatch(CallResult::passed);
        assertThat(r.get(1).identity()).isNull();
    }

    @Test
    void theSessionsOwnToolsListFeedsRunTimeValidation() throws Exception {
        String list = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[{\"name\":\"strict\",\"inputSchema\":"
                + "{\"type\":\"object\",\"required\":[\"q\"]}}]}}";
        Path f = transcript("v.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "strict", "{\"q\":1}") + ",\"expect\":{\"outcome\":\"deny\",\"reason\":\"no inputSchema\"}}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}}",
                "{\"t\":2,\"dir\":\"s2c\",\"msg\":" + list + "}",
                "{\"t\":3,\"dir\":\"c2s\",\"msg\":" + call(2, "strict", "{\"q\":1}") + ",\"expect\":\"allow\"}",
                "{\"t\":4,\"dir\":\"c2s\",\"msg\":" + call(3, "strict", "{}") + ",\"expect\":{\"outcome\":\"deny\",\"reason\":\"missing required argument 'q'\"}}");
        assertThat(replay(f)).allMatch(CallResult::passed);
    }

    @Test
    void aMalformedToolsCallIsDeniedNotSkipped() throws Exception {
        Path f = transcript("m.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}},\"expect\":\"deny\"}");
        List<CallResult> r = replay(f);
        assertThat(r.get(0).actual().outcome()).isEqualTo(Outcome.DENY);
        assertThat(r.get(0).actual().reason()).contains("without a tool name");
    }

    @Test
    void aMalformedCallIsDecidedByTheProxysRuleAsInTheProxy() throws Exception {
        Path f = transcript("m2.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":[1]}},"
                        + "\"expect\":{\"outcome\":\"deny\",\"rule\":\"mcppol:malformed-call\"}}");
        List<CallResult> r = replay(f);
        assertThat(r).singleElement().satisfies(c -> {
            assertThat(c.passed()).as(c.mismatch()).isTrue();
            assertThat(c.actual().rule()).isEqualTo("mcppol:malformed-call");
            assertThat(c.actual().reason()).isEqualTo("tools/call arguments are not an object (denied: fail closed)");
        });
    }

    @Test
    void aToolsCallNotificationIsNeitherDecidedNorCounted() throws Exception {
        // The proxy drops a tools/call without an id unanswered and undecided: it must not use up a limit here either.
        Path f = transcript("n.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}}",
                "{\"t\":2,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + ",\"expect\":\"allow\"}",
                "{\"t\":3,\"dir\":\"c2s\",\"msg\":" + call(2, "echo", "{}") + ",\"expect\":\"allow\"}");
        List<CallResult> r = new ArrayList<>();
        long decisions = new TranscriptReplayer(bundle).replay(f, r::add);
        assertThat(decisions).isEqualTo(2);
        assertThat(r).allSatisfy(c -> assertThat(c.passed()).as(c.mismatch()).isTrue());
    }

    @Test
    void anExpectationOnAToolsCallNotificationIsAFormatError() throws Exception {
        assertError(transcript("n2.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}},\"expect\":\"allow\"}"),
                1, "without an id");
    }

    @Test
    void theProxysOwnAnswerInARecordingIsNotTakenForTheServers() throws Exception {
        // Call 5 is denied; the recording holds the proxy's answer with id 5, while a tools/list with id 5 awaits
        // the server's answer. In the proxy that answer never passes the server side, so it cannot take the list's place.
        String list = "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"tools\":[{\"name\":\"strict\",\"inputSchema\":"
                + "{\"type\":\"object\",\"required\":[\"q\"]}}]}}";
        String denied = "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Denied\"}],"
                + "\"isError\":true,\"_meta\":{\"mcppol/decision\":{\"outcome\":\"deny\"}}}}";
        Path f = transcript("own.jsonl",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call(5, "nope", "{}") + ",\"expect\":\"deny\"}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":" + denied + "}",
                "{\"t\":2,\"dir\":\"s2c\",\"msg\":" + list + "}",
                "{\"t\":3,\"dir\":\"c2s\",\"msg\":" + call(6, "strict", "{}") + ",\"expect\":{\"outcome\":\"deny\",\"reason\":\"missing required argument 'q'\"}}");
        assertThat(replay(f)).allSatisfy(c -> assertThat(c.passed()).as(c.mismatch()).isTrue());
    }

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}";

    @Test
    void formatErrorsNameFileAndLine() throws Exception {
        assertError(transcript("e1.jsonl", "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + PING + "}", "not json"), 2, "not valid JSON");
        assertError(transcript("e2.jsonl", "{\"t\":0,\"msg\":" + PING + "}"), 1, "lacks \"dir\"");
        assertError(transcript("e3.jsonl", "{\"t\":0,\"dir\":\"c2s\"}"), 1, "lacks \"msg\"");
        assertError(transcript("e4.jsonl", "{\"t\":5,\"dir\":\"c2s\",\"msg\":" + PING + "}", "{\"t\":4,\"dir\":\"c2s\",\"msg\":" + PING + "}"), 2,
                "goes backwards");
        assertError(transcript("e5.jsonl", "{\"t\":0,\"dir\":\"up\",\"msg\":" + PING + "}"), 1, "\"dir\" must be");
        assertError(transcript("e6.jsonl", "{\"t\":0,\"dir\":\"s2c\",\"msg\":" + PING + ",\"expect\":\"allow\"}"), 1,
                "belongs only on decided requests");
        assertError(transcript("e7.jsonl", "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + ",\"expect\":\"maybe\"}"),
                1, "unknown outcome 'maybe'");
        assertError(transcript("e8.jsonl", "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + PING + ",\"expct\":\"allow\"}"), 1,
                "unknown record key \"expct\"");
        assertError(transcript("e9.jsonl", "{\"mcppol\":\"transcript/9\"}"), 1, "unsupported transcript format");
        assertError(transcript("e10.jsonl", "{\"t\":-1,\"dir\":\"c2s\",\"msg\":" + PING + "}"), 1, "non-negative");
        assertError(transcript("e11.jsonl", "{\"t\":0,\"t\":1,\"dir\":\"c2s\",\"msg\":" + PING + "}"), 1, "Duplicate");
        // msg must be one JSON-RPC message, not any JSON value
        assertError(transcript("e12.jsonl", "{\"t\":1,\"dir\":\"c2s\",\"msg\":\"hello\"}"), 1,
                "\"msg\" must be one JSON-RPC 2.0 message");
        assertError(transcript("e13.jsonl", "{\"t\":1,\"dir\":\"c2s\",\"msg\":{}}"), 1, "JSON-RPC 2.0 message");
        assertError(transcript("e14.jsonl", "{\"t\":1,\"dir\":\"s2c\",\"msg\":[" + PING + "]}"), 1,
                "JSON-RPC 2.0 message");
        assertError(transcript("e15.jsonl", "{\"t\":1,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"1.0\",\"method\":\"x\"}}"),
                1, "JSON-RPC 2.0 message");
    }

    void assertError(Path f, int line, String text) {
        assertThatThrownBy(() -> replay(f)).isInstanceOfSatisfying(TranscriptException.class, e -> {
            assertThat(e.file()).isEqualTo(f.toString());
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void runnerRefusesPathsWithoutTranscriptsOrExpectations() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> new TestRunner().run(bundle, List.of(empty)))
                .isInstanceOf(TestRunner.UnusableInput.class).hasMessageContaining("no transcripts");
        Path noExpect = Files.createDirectory(dir.resolve("noexpect"));
        Files.writeString(noExpect.resolve("x.jsonl"), "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + "}\n");
        assertThatThrownBy(() -> new TestRunner().run(bundle, List.of(noExpect)))
                .isInstanceOf(TestRunner.UnusableInput.class).hasMessageContaining("no expectation");
        assertThatThrownBy(() -> new TestRunner().run(bundle, List.of(dir.resolve("missing"))))
                .isInstanceOf(TestRunner.UnusableInput.class).hasMessageContaining("no such file");
    }

    @Test
    void eachFileReplaysFromFreshState() throws Exception {
        Path d = Files.createDirectory(dir.resolve("fresh"));
        for (String name : List.of("one.jsonl", "two.jsonl")) {
            Files.writeString(d.resolve(name), String.join("\n",
                    "{\"mcppol\":\"transcript/1\",\"session\":\"same\"}",
                    "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + ",\"expect\":\"allow\"}",
                    "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(2, "echo", "{}") + ",\"expect\":\"allow\"}",
                    "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(3, "echo", "{}") + ",\"expect\":\"limit\"}") + "\n");
        }
        ReplayReport report = new TestRunner().run(bundle, List.of(d));
        assertThat(report.passed()).isEqualTo(6);
        assertThat(report.failed()).isZero();
        assertThat(ConsoleReport.render(report)).endsWith("6 passed, 0 failed\n");
    }

    @Test
    void consoleReportNamesFileLineToolExpectedActualAndRule() throws Exception {
        Path d = Files.createDirectory(dir.resolve("fail"));
        Files.writeString(d.resolve("f.jsonl"), "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "write",
                "{\"path\":\"/etc/shadow\"}") + ",\"expect\":\"allow\"}\n");
        ReplayReport report = new TestRunner().run(bundle, List.of(d));
        String text = ConsoleReport.render(report);
        assertThat(text).contains("FAIL " + d.resolve("f.jsonl") + ":1: write {\"path\": \"/etc/shadow\"}");
        assertThat(text).contains("expected allow").contains("actual   deny by rule no_etc (")
                .contains("demo.mcppol:6:").contains("system files");
        assertThat(text).endsWith("0 passed, 1 failed\n");
    }

    @Test
    void aRunThatNeedsOnlyFailuresCountsPassesInsteadOfKeepingThem() throws Exception {
        Path d = Files.createDirectory(dir.resolve("counted"));
        Files.writeString(d.resolve("c.jsonl"), String.join("\n",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "echo", "{}") + ",\"expect\":\"allow\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(2, "echo", "{}") + ",\"expect\":\"allow\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(3, "echo", "{}") + ",\"expect\":\"allow\"}") + "\n");
        ReplayReport counted = new TestRunner().run(bundle, null, List.of(d), false);
        assertThat(counted.results()).hasSize(1).allMatch(r -> !r.passed());
        assertThat(counted.passed()).isEqualTo(2);
        assertThat(counted.failed()).isEqualTo(1);
        ReplayReport kept = new TestRunner().run(bundle, null, List.of(d), true);
        assertThat(kept.results()).hasSize(3);
        assertThat(ConsoleReport.render(counted)).isEqualTo(ConsoleReport.render(kept));
    }
}
