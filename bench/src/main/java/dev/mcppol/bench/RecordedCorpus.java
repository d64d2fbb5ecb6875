package dev.mcppol.bench;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.handler.CallHandler;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.handler.Handled;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.transcript.TranscriptWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A benchmark corpus written as {@code mcppol proxy --record} writes a session: each {@code tools/call}
 * goes through the runtime's own {@link CallHandler} as the proxy hands it there, and is recorded with
 * the decision as {@code expect}; a denied call is followed by the proxy's own answer, an allowed one
 * is forwarded and followed by the server's answer, which the handler reads back under the client's
 * id (as the proxy does) before it is recorded. So every forwarded call is answered, as in any real
 * session, and the proxy's limit on requests waiting for the server is never what the replay measures.
 */
final class RecordedCorpus {

    private RecordedCorpus() {
    }

    /**
     * Writes one session of {@code count} calls: the workload's calls cycled from index {@code from},
     * 1 ms apart, with ids 1, 2, ….
     */
    static void write(Workload w, Bundle bundle, Path file, int from, int count) throws IOException {
        Engine engine = new Engine(bundle, new InMemoryLimiter());
        CallHandler handler = new CallHandler(() -> engine, DriftAction.WARN, ApprovalConfig.off());
        SessionState session = new SessionState("s1", "alice");
        try (TranscriptWriter out = new TranscriptWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), false)) {
            out.header("s1", "alice", null);
            for (int i = 0; i < count; i++) {
                long t = i;
                Workload.CallSpec c = w.calls().get((from + i) % w.calls().size());
                ObjectNode params = Json.NODES.objectNode();
                params.put("name", c.tool());
                params.set("arguments", c.args());
                ObjectNode msg = Json.NODES.objectNode();
                msg.put("jsonrpc", "2.0");
                msg.put("id", i + 1);
                msg.put("method", "tools/call");
                msg.set("params", params);
                Handled h = handler.fromClient(msg, session, t);
                if (h.decided() == null || !h.recordable()) {
                    throw new IllegalStateException("call " + (i + 1) + " was not decided: " + h.warnings());
                }
                out.message(t, true, msg, h.decided().decision().outcome().word());
                if (h.action() == Handled.Action.ANSWER) {
                    out.message(t, false, h.message(), null);
                } else if (h.action() == Handled.Action.FORWARD) {
                    JsonNode forwarded = h.message() != null ? h.message() : msg;
                    Handled answer = handler.fromServer(serverAnswer(forwarded.get("id")), session, t);
                    if (answer.action() != Handled.Action.FORWARD || answer.received() == null) {
                        throw new IllegalStateException("the answer to call " + (i + 1) + " was not taken: "
                                + answer.warnings());
                    }
                    out.message(t, false, answer.received(), null);
                } else {
                    throw new IllegalStateException("call " + (i + 1) + " was dropped: " + h.warnings());
                }
            }
        }
    }

    /** What a tool answers: one line of text. */
    private static ObjectNode serverAnswer(JsonNode id) {
        ObjectNode answer = Json.NODES.objectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        ObjectNode result = answer.putObject("result");
        ObjectNode text = result.putArray("content").addObject();
        text.put("type", "text");
        text.put("text", "done");
        return answer;
    }
}
