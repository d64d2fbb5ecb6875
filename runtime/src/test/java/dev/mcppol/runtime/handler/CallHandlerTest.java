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
    void anAllowedCallIsForwardedAsIsAndADeniedOneAnswered() {
        Handled allowed = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}"), session, 0);
        assertThat(allowed.forwardsOriginal()).isTrue();
        assertThat(allowed.decided().decision().outcome()).isEqualTo(Outcome.ALLOW);
        Handled denied = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"get-env\"}}"), session, 0);
        assertThat(denied.action()).isEqualTo(Handled.Action.ANSWER);
        assertThat(denied.message().path("id").asInt()).isEqualTo(2);
        assertThat(denied.decided().decision().reason()).contains("no env dumps");
    }

    @Test
    void onlyTheAnswerToThisSessionsToolsListIsFilteredAndRemembered() {
        String list = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
                + "{\"name\":\"trigger-long-running-operation\",\"inputSchema\":{\"type\":\"object\"}}]}}";
        // Not asked for: passes unread.
        assertThat(handler.fromServer(json(list), session, 0).forwardsOriginal()).isTrue();
        assertThat(session.liveTool("echo")).isNull();
        assertThat(handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}"), session, 0)
                .forwardsOriginal()).isTrue();
        Handled h = handler.fromServer(json(list), session.as("bob"), 0);
        assertThat(h.action()).isEqualTo(Handled.Action.FORWARD);
        assertThat(h.message().path("result").path("tools")).hasSize(1);
        assertThat(session.liveTool("echo")).isNotNull();
        // Answered once: a second answer with the same id is not taken for the list.
        assertThat(handler.fromServer(json(list), session, 0).forwardsOriginal()).isTrue();
    }

    @Test
    void aNonObjectIsRefused() {
        assertThat(handler.fromClient(json("[1]"), session, 0).action()).isEqualTo(Handled.Action.DROP);
    }
}
