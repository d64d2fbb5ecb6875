package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.approval.Approvals;
import dev.mcppol.runtime.approval.MemoryApprovalStore;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.handler.CallHandler;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.handler.Handled;
import dev.mcppol.runtime.handler.HeldMessage;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A call held while the user is asked stays pending; where its request asked for progress
 * ({@code _meta.progressToken}), the client hears that it is still waiting, once a second, so a client
 * that resets its timeout on progress does not give up on the person.
 */
class ApprovalProgressTest {

    private static JsonNode json(String s) {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void aHeldCallThatAskedForProgressGetsItWhileTheUserDecides() {
        Harness h = Harness.of("default deny\ntool send { ask as outgoing }\n");
        Engine engine = new Engine(h.reread, new InMemoryLimiter());
        CallHandler handler = new CallHandler(() -> engine, DriftAction.WARN, new ApprovalConfig(ApprovalConfig.Mode.AUTO,
                new Approvals(new MemoryApprovalStore(), Approvals.Settings.defaults()), 10_000, true));
        SessionState s = new SessionState("s1", "alice");
        s.clientElicits(true);
        Handled asked = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"send\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p-1\"}}}"), s, 0);
        assertThat(asked.message().path("method").asString()).isEqualTo("elicitation/create");
        handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"send\",\"arguments\":{\"no\":\"token\"}}}"), s, 0);

        assertThat(handler.progress(s, 500)).isEmpty();
        List<JsonNode> first = handler.progress(s, 1000).stream().map(HeldMessage::message).toList();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).path("method").asString()).isEqualTo("notifications/progress");
        assertThat(first.get(0).path("params").path("progressToken").asString()).isEqualTo("p-1");
        assertThat(first.get(0).path("params").path("message").asString()).contains("waiting for the user's approval");
        assertThat(handler.progress(s, 1500)).as("once per second").isEmpty();
        List<JsonNode> second = handler.progress(s, 2100).stream().map(HeldMessage::message).toList();
        assertThat(second.get(0).path("params").path("progress").asLong())
                .isGreaterThan(first.get(0).path("params").path("progress").asLong());

        // Answered: no more progress for it.
        handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":\"" + asked.message().path("id").asString()
                + "\",\"result\":{\"action\":\"decline\"}}"), s, 2200);
        assertThat(handler.progress(s, 5000)).isEmpty();
    }
}
