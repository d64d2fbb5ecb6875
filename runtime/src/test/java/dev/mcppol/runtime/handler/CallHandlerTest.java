package dev.mcppol.runtime.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The transport-free handler on its own: what it forwards, answers, drops and decides. */
class CallHandlerTest {

    private CallHandler handler;
    private final SessionState session = new SessionState("s1", "alice");

    @BeforeEach
    void load() throws Exception {
        Bundle bundle = new BundleReader().read(Path.of(CallHandlerTest.class.getResource("/proxy/everything.bundle.json").toURI()));
        Engine engine = new Engine(bundle, new InMemoryLimiter());
        handler = new CallHandler(() -> engine, DriftAction.WARN);
    }

    private static JsonNode json(String s) {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void aToolsCallWithoutAnIdIsDroppedUndecided() {
        Handled h = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}"),
                session, 0);
        assertThat(h.action()).isEqualTo(Handled.Action.DROP);
        assertThat(h.decided()).isNull();
        assertThat(h.refused()).isTrue();
        assertThat(h.recordable()).isFalse();
    }

    @Test
    void aMalformedCallIsDeniedByTheProxysOwnRule() {
        Handled h = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{}}"),
                session, 0);
        assertThat(h.action()).isEqualTo(Handled.Action.ANSWER);
        CallDecision d = h.decided().decision();
        assertThat(d.rule()).isEqualTo(CallDecision.RULE_MALFORMED);
        assertThat(d.reason()).isEqualTo("tools/call without a tool name (denied: fail closed)");
        assertThat(h.message().path("result").path("_meta").path("mcppol/decision").path("rule").asString())
                .isEqualTo(CallDecision.RULE_MALFORMED);
        assertThat(CallHandler.isOwnAnswer(h.message())).isTrue();
    }

    @Test
    void anAllowedCallIsForwardedUnderTheProxysIdAndADeniedOneAnswered() {
        JsonNode call = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}");
        Handled allowed = handler.fromClient(call, session, 0);
        assertThat(allowed.action()).isEqualTo(Handled.Action.FORWARD);
        assertThat(allowed.message().path("id").asString()).startsWith("mcppol-");
        assertThat(((tools.jackson.databind.node.ObjectNode) allowed.message().deepCopy()).put("id", 1)).isEqualTo(call);
        assertThat(allowed.decided().decision().outcome()).isEqualTo(Outcome.ALLOW);
        Handled denied = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"get-env\"}}"), session, 0);
        assertThat(denied.action()).isEqualTo(Handled.Action.ANSWER);
        assertThat(denied.message().path("id").asInt()).isEqualTo(2);
        assertThat(denied.decided().decision().reason()).contains("no env dumps");
        // the server's answer comes back under the client's id
        Handled answer = handler.fromServer(json("{\"jsonrpc\":\"2.0\",\"id\":\"" + allowed.message().path("id")
                .asString() + "\",\"result\":{}}"), session, 0);
        assertThat(answer.message().path("id").asInt()).isEqualTo(1);
    }

    @Test
    void aRecordedAnswerNothingReadsIsTakenUnreadAsFromRecordedServerTakesIt() {
        JsonNode call = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}");
        handler.fromClient(call, session, 0);
        handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"), session, 0);
        assertThat(session.serverIds().outstanding()).isEqualTo(2);
        // the tools/list answer is read (its schemas are kept): not taken unread, nothing changed
        assertThat(handler.recordedAnswerUnread(json("2"), session)).isFalse();
        assertThat(session.serverIds().outstanding()).isEqualTo(2);
        // the call's answer: the request no longer waits, as fromRecordedServer has it
        assertThat(handler.recordedAnswerUnread(json("1"), session)).isTrue();
        assertThat(session.serverIds().outstanding()).isEqualTo(1);
        // an answer no request waits for is dropped, with nothing changed
        assertThat(handler.recordedAnswerUnread(json("1"), session)).isTrue();
        assertThat(handler.recordedAnswerUnread(json("\"1\""), session)).isTrue();
        assertThat(session.serverIds().outstanding()).isEqualTo(1);
        assertThat(handler.fromRecordedServer(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}"),
                session, 0).received()).isNotNull();
        assertThat(session.serverIds().outstanding()).isZero();
    }

    @Test
    void onlyTheAnswerToThisSessionsToolsListIsFilteredAndRemembered() {
        String tools = "\"result\":{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
                + "{\"name\":\"trigger-long-running-operation\",\"inputSchema\":{\"type\":\"object\"}}]}}";
        // Not asked for (an id the proxy never sent): dropped, unread.
        Handled unasked = handler.fromServer(json("{\"jsonrpc\":\"2.0\",\"id\":7," + tools), session, 0);
        assertThat(unasked.action()).isEqualTo(Handled.Action.DROP);
        assertThat(session.liveTool("echo")).isNull();
        Handled asked = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}"), session, 0);
        String proxyId = asked.message().path("id").asString();
        Handled h = handler.fromServer(json("{\"jsonrpc\":\"2.0\",\"id\":\"" + proxyId + "\"," + tools), session.as("bob"), 0);
        assertThat(h.action()).isEqualTo(Handled.Action.FORWARD);
        assertThat(h.message().path("id").asInt()).isEqualTo(7);
        assertThat(h.message().path("result").path("tools")).hasSize(1);
        assertThat(h.received().path("result").path("tools")).as("what a recording keeps").hasSize(2);
        assertThat(session.liveTool("echo")).isNotNull();
        // The same answer again (an HTTP stream resumed with Last-Event-ID): filtered again, never raw.
        Handled again = handler.fromServer(json("{\"jsonrpc\":\"2.0\",\"id\":\"" + proxyId + "\"," + tools), session, 0);
        assertThat(again.message().path("result").path("tools")).hasSize(1);
        // Under the client's spelling of the id: the proxy never sent it, so it is dropped.
        assertThat(handler.fromServer(json("{\"jsonrpc\":\"2.0\",\"id\":7," + tools), session, 0).action())
                .isEqualTo(Handled.Action.DROP);
    }

    @Test
    void aNonObjectIsRefused() {
        assertThat(handler.fromClient(json("[1]"), session, 0).action()).isEqualTo(Handled.Action.DROP);
    }
}
