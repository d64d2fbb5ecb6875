package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.approval.ApprovalStatus;
import dev.mcppol.runtime.approval.ArgumentHash;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.transcript.TranscriptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays of approvals: the elicitation round trip, a queued approval the proxy used, and case files' {@code approval}. */
class ApprovalReplayTest {

    static final String POLICY = """
            policy mail
            default deny
            limit sends = 1 per 1h per session
            tool send {
              limit sends
              ask as approve_send reason "a person approves mail"
            }
            tool read { allow }
            """;

    @TempDir
    Path dir;
    Bundle bundle;

    @BeforeEach
    void compile() throws IOException {
        Path p = dir.resolve("mail.mcppol");
        Files.writeString(p, POLICY);
        CompileResult r = new PolicyCompiler().compile(p, PolicyCompiler.Options.defaults());
        bundle = r.bundle();
    }

    List<CallResult> replay(Path f) throws Exception {
        List<CallResult> out = new ArrayList<>();
        new TranscriptReplayer(bundle).replay(f, out::add);
        return out;
    }

    static String call(int id, String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + args + "}}";
    }

    static final String HEADER = "{\"mcppol\":\"transcript/1\",\"session\":\"s1\",\"identity\":\"alice\"}";
    /** The client's initialize, declaring elicitation: asks are then asked of the user. */
    static final String ELICITS = "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":"
            + "\"initialize\",\"params\":{\"capabilities\":{\"elicitation\":{}}}}}";
    static final String APPROVE = "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}";

    /** Call {@code n} of {@code send} to {@code to} at {@code t}, held for the user's answer. */
    static String asked(int t, int n, String to) {
        return "{\"t\":" + t + ",\"dir\":\"c2s\",\"msg\":" + call(n, "send", "{\"to\":\"" + to + "\"}")
                + ",\"expect\":\"ask\"}";
    }

    /** The user's answer to question {@code n} at {@code t}; {@code expect} (JSON) is what became of the call, or null. */
    static String answered(int t, int n, String result, String expect) {
        return "{\"t\":" + t + ",\"dir\":\"c2s\",\"msg\":" + answer(n, result)
                + (expect == null ? "" : ",\"expect\":" + expect) + "}";
    }

    static String answer(int n, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"mcppol-approval-" + n + "\",\"result\":" + result + "}";
    }

    @Test
    void theElicitationRoundTripDecidesTheHeldCall() throws Exception {
        Path f = Files.writeString(dir.resolve("e.jsonl"), String.join("\n",
                HEADER,
                ELICITS,
                "{\"t\":10,\"dir\":\"c2s\",\"msg\":" + call(1, "send", "{\"to\":\"a\"}") + ",\"expect\":\"ask\"}",
                "{\"t\":20,\"dir\":\"c2s\",\"msg\":" + answer(1, "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}") + ",\"expect\":\"allow\"}",
                "{\"t\":30,\"dir\":\"c2s\",\"msg\":" + call(2, "send", "{\"to\":\"b\"}") + ",\"expect\":\"ask\"}",
                "{\"t\":40,\"dir\":\"c2s\",\"msg\":" + answer(2, "{\"action\":\"decline\"}") + ",\"expect\":{\"outcome\":\"deny\",\"reason\":\"declined\"}}",
                // the limit (1 per hour) was consumed by the approved call only
                "{\"t\":50,\"dir\":\"c2s\",\"msg\":" + call(3, "send", "{\"to\":\"c\"}") + ",\"expect\":\"ask\"}",
                "{\"t\":60,\"dir\":\"c2s\",\"msg\":" + answer(3, "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}") + ",\"expect\":\"limit\"}",
                // a question nobody answers: denied at its deadline (120 s), the late answer goes nowhere
                "{\"t\":70,\"dir\":\"c2s\",\"msg\":" + call(4, "send", "{\"to\":\"d\"}") + ",\"expect\":\"ask\"}",
                "{\"t\":200000,\"dir\":\"c2s\",\"msg\":" + answer(4, "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}") + "}",
                "{\"t\":200001,\"dir\":\"c2s\",\"msg\":" + call(5, "read", "{}") + ",\"expect\":\"allow\"}") + "\n");
        List<CallResult> r = replay(f);
        assertThat(r).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(r).hasSize(8);
    }

    @Test
    void aFlippedAnswerFailsTheReplay() throws Exception {
        Path f = Files.writeString(dir.resolve("e.jsonl"), String.join("\n",
                ELICITS,
                "{\"t\":10,\"dir\":\"c2s\",\"msg\":" + call(1, "send", "{}") + "}",
                "{\"t\":20,\"dir\":\"c2s\",\"msg\":" + answer(1, "{\"action\":\"decline\"}") + ",\"expect\":\"allow\"}") + "\n");
        assertThat(replay(f)).singleElement().satisfies(c -> assertThat(c.passed()).isFalse());
    }

    @Test
    void aQueuedApprovalTheProxyUsedAdmitsTheSameCallInTheReplayAndNoOther() throws Exception {
        Approval a = new Approval("apr-abcdefghijklmnop", ApprovalStatus.APPROVED, "send",
                ArgumentHash.of("send", Json.MAPPER.readTree("{\"to\":\"a\"}")), null, "s1", "alice", "approve_send",
                null, List.of(), 0, 0, 3_600_000, "bob", 5, "fine");
        Path f = Files.writeString(dir.resolve("q.jsonl"), String.join("\n",
                HEADER,
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "send", "{\"to\":\"a\"}") + ",\"expect\":\"ask\"}",
                "{\"t\":10,\"approval\":" + a.toJsonText() + "}",
                "{\"t\":10,\"dir\":\"c2s\",\"msg\":" + call(2, "send", "{\"to\":\"a\"}") + ",\"expect\":{\"outcome\":\"allow\",\"reason\":\"approved by bob\"}}",
                "{\"t\":20,\"dir\":\"c2s\",\"msg\":" + call(3, "send", "{\"to\":\"a\"}") + ",\"expect\":\"ask\"}",
                "{\"t\":30,\"dir\":\"c2s\",\"msg\":" + call(4, "send", "{\"to\":\"b\"}") + ",\"expect\":\"ask\"}") + "\n");
        assertThat(replay(f)).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue()).hasSize(4);
    }

    @Test
    void aRedactedCallIsMatchedByTheHashTheProxyRecordedForIt() throws Exception {
        // the proxy bound the approval to the arguments it received; the recording holds them redacted
        String bound = ArgumentHash.of("send", Json.MAPPER.readTree("{\"to\":\"sk-live-secret-1\"}"));
        String other = ArgumentHash.of("send", Json.MAPPER.readTree("{\"to\":\"sk-live-secret-2\"}"));
        Approval a = new Approval("apr-abcdefghijklmnop", ApprovalStatus.APPROVED, "send", bound, null, "s1", "alice",
                "approve_send", null, List.of(), 0, 0, 3_600_000, "bob", 5, "fine");
        String redacted = call(2, "send", "{\"to\":\"[REDACTED]\"}");
        Path f = Files.writeString(dir.resolve("r.jsonl"), String.join("\n",
                HEADER,
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + redacted.replace("\"id\":2", "\"id\":1") + ",\"argumentsHash\":\""
                        + bound + "\",\"expect\":\"ask\"}",
                "{\"t\":10,\"approval\":" + a.toJsonText() + "}",
                "{\"t\":10,\"dir\":\"c2s\",\"msg\":" + redacted + ",\"argumentsHash\":\"" + bound
                        + "\",\"expect\":{\"outcome\":\"allow\",\"reason\":\"approved by bob\"}}",
                // another secret, redacted alike: the approval does not admit it
                "{\"t\":20,\"dir\":\"c2s\",\"msg\":" + redacted.replace("\"id\":2", "\"id\":3") + ",\"argumentsHash\":\""
                        + other + "\",\"expect\":\"ask\"}") + "\n");
        assertThat(replay(f)).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue()).hasSize(3);
    }

    @Test
    void argumentsHashBelongsOnCallsOnly() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.jsonl"), "{\"t\":0,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\","
                + "\"id\":1,\"result\":{}},\"argumentsHash\":\"" + "0".repeat(64) + "\"}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay(f)).isInstanceOf(TranscriptException.class)
                .hasMessageContaining("only on c2s tools/call");
        Path g = Files.writeString(dir.resolve("bad2.jsonl"), "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call(1, "send", "{}")
                + ",\"argumentsHash\":\"abc\"}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay(g)).isInstanceOf(TranscriptException.class)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void theRecordedApprovalTimeoutMakesALateAnswerLateInTheReplayToo() throws Exception {
        // the proxy waited 1.5 s: the answer at 2 s came after the call was denied, and was dropped
        Path f = Files.writeString(dir.resolve("late.jsonl"), String.join("\n",
                HEADER.replace("}", ",\"approvalTimeoutMs\":1500}"), ELICITS, asked(10, 1, "a"),
                answered(2000, 1, APPROVE, null),
                // the limit (1 per hour) is still whole: the late answer forwarded nothing
                asked(2100, 2, "b"), answered(2200, 2, APPROVE, "\"allow\"")) + "\n");
        List<CallResult> r = replay(f);
        assertThat(r).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        // the late answer decided nothing
        assertThat(r).extracting(CallResult::line).containsExactly(3, 5, 6);
    }

    @Test
    void cancelAndAcceptWithDenyReplayAsDenials() throws Exception {
        Path f = Files.writeString(dir.resolve("c.jsonl"), String.join("\n", HEADER, ELICITS,
                asked(10, 1, "a"), answered(20, 1, "{\"action\":\"cancel\"}",
                        "{\"outcome\":\"deny\",\"reason\":\"dismissed the request\"}"),
                asked(30, 2, "b"), answered(40, 2, "{\"action\":\"accept\",\"content\":{\"decision\":\"deny\"}}",
                        "{\"outcome\":\"deny\",\"reason\":\"denied it\"}"),
                // neither consumed the limit (1 per hour)
                asked(50, 3, "c"), answered(60, 3, APPROVE, "\"allow\"")) + "\n");
        assertThat(replay(f)).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue()).hasSize(6);
    }

    @Test
    void caseFilesSayWhatTheUserAnswers() throws Exception {
        Path f = Files.writeString(dir.resolve("mail.cases.yaml"), """
                identity: alice
                cases:
                  - call: {tool: send, args: {to: a}}
                    approval: approve
                    expect: allow
                  - call: {tool: send, args: {to: b}}
                    approval: deny
                    expect: {outcome: deny, reason: declined}
                  - call: {tool: send, args: {to: c}}
                    approval: timeout
                    expect: {outcome: deny, reason: no answer}
                  - call: {tool: send, args: {to: d}}
                    approval: approve
                    expect: limit
                  - call: {tool: read}
                    approval: approve
                    expect: allow
                  - call: {tool: send, args: {to: e}}
                    expect: ask
                """);
        assertThat(replay(f)).allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue()).hasSize(6);
    }

    @Test
    void aCaseFileRefusesAnUnknownAnswer() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.cases.yaml"), """
                - call: {tool: send}
                  approval: maybe
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay(f)).isInstanceOf(TranscriptException.class)
                .hasMessageContaining("approve, deny or timeout");
    }
}
