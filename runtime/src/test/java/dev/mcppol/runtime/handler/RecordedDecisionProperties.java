package dev.mcppol.runtime.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.JsonNode;

/**
 * A replay's {@link CallHandler#decideRecordedClient}, which builds no answer for a denied call and no
 * copy of a forwarded one, decides what {@link CallHandler#fromRecordedClient} decides and leaves the
 * same state behind: two handlers fed the same recorded session (calls allowed, denied, limited, asked,
 * malformed, without an id, under repeated ids; lists, cancellations, the server's answers) agree on
 * every decision, on the requests still waiting, and on the proxy's next id.
 */
class RecordedDecisionProperties {

    private static final Bundle BUNDLE = bundle();

    private static Bundle bundle() {
        try {
            return new BundleReader().read(Path.of(RecordedDecisionProperties.class
                    .getResource("/proxy/everything.bundle.json").toURI()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 300)
    void decidingAloneDecidesAndLeavesWhatTheFullHandlingDoes(@ForAll Random random) {
        Engine fullEngine = new Engine(BUNDLE, new InMemoryLimiter());
        Engine aloneEngine = new Engine(BUNDLE, new InMemoryLimiter());
        CallHandler full = new CallHandler(() -> fullEngine, DriftAction.WARN);
        CallHandler alone = new CallHandler(() -> aloneEngine, DriftAction.WARN);
        SessionState fullSession = new SessionState("s1", "alice");
        SessionState aloneSession = new SessionState("s1", "alice");
        long now = 0;
        int steps = 1 + random.nextInt(40);
        for (int i = 0; i < steps; i++) {
            now += random.nextInt(4) == 0 ? random.nextInt(70_000) : random.nextInt(50);
            String as = "step " + i;
            if (random.nextInt(3) == 0) {
                // the server's answer, as a recording names it (the client's id)
                JsonNode id = id(random);
                boolean unread = full.recordedAnswerUnread(id, fullSession);
                assertThat(alone.recordedAnswerUnread(id, aloneSession)).as(as).isEqualTo(unread);
                if (!unread) {
                    JsonNode answer = json("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[]}}");
                    full.fromRecordedServer(answer, fullSession, now);
                    alone.fromRecordedServer(answer, aloneSession, now);
                }
            } else {
                JsonNode msg = json(clientMessage(random));
                Decided want = full.fromRecordedClient(msg, null, fullSession, now).decided();
                Decided got = alone.decideRecordedClient(msg, null, aloneSession, now);
                as += " " + msg;
                if (want == null) {
                    assertThat(got).as(as).isNull();
                } else {
                    assertThat(got).as(as).isNotNull();
                    assertThat(Arrays.asList(got.target(), got.arguments(), got.decision(), got.kind(), got.approval(),
                            got.approvalFromStore(), got.bundleSha256())).as(as).isEqualTo(Arrays.asList(want.target(),
                            want.arguments(), want.decision(), want.kind(), want.approval(), want.approvalFromStore(),
                            want.bundleSha256()));
                }
            }
            assertThat(aloneSession.serverIds().outstanding()).as(as).isEqualTo(fullSession.serverIds().outstanding());
        }
        // The next request goes out under the same id of the proxy's.
        JsonNode list = json("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\"}");
        assertThat(alone.fromClient(list, aloneSession, now).message().get("id"))
                .isEqualTo(full.fromClient(list, fullSession, now).message().get("id"));
    }

    private static JsonNode id(Random r) {
        return json(new String[] {"1", "2", "3", "\"1\"", "\"a\""}[r.nextInt(5)]);
    }

    private static String clientMessage(Random r) {
        String id = new String[] {"1", "2", "3", "\"1\"", "\"a\""}[r.nextInt(5)];
        switch (r.nextInt(8)) {
            case 0:
                return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
            case 1:
                return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id + "}}";
            case 2:
                return "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}";
            case 3:
                return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{}}";
            default: {
                String tool = new String[] {"echo", "get-sum", "get-env", "get-tiny-image", "get-annotated-message",
                        "trigger-long-running-operation", "nope"}[r.nextInt(7)];
                String args = tool.equals("get-sum") ? "{\"a\":" + r.nextInt(200) + ",\"b\":1}"
                        : "{\"message\":\"m" + r.nextInt(3) + "\"}";
                return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":" + args + "}}";
            }
        }
    }

    private static JsonNode json(String s) {
        return Json.MAPPER.readTree(s);
    }
}
