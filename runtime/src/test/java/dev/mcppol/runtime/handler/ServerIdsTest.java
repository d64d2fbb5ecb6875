package dev.mcppol.runtime.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Filtering of list answers never depends on how the client spells its ids: every forwarded request
 * goes out under the proxy's own id. Each case here let an unfiltered {@code tools/list} through
 * before (the hidden tool is {@code trigger-long-running-operation}).
 */
class ServerIdsTest {

    private static final String TOOLS = "\"result\":{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
            + "{\"name\":\"trigger-long-running-operation\",\"inputSchema\":{\"type\":\"object\"}}]}}";

    private CallHandler handler;
    private final SessionState session = new SessionState("s1", "alice");

    @BeforeEach
    void load() throws Exception {
        Bundle bundle = new BundleReader().read(Path.of(ServerIdsTest.class.getResource("/proxy/everything.bundle.json").toURI()));
        Engine engine = new Engine(bundle, new InMemoryLimiter());
        handler = new CallHandler(() -> engine, DriftAction.WARN);
    }

    private static JsonNode json(String s) {
        return Json.MAPPER.readTree(s);
    }

    private String forward(String clientId) {
        Handled h = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":" + clientId + ",\"method\":\"tools/list\"}"),
                session, 0);
        assertThat(h.action()).isEqualTo(Handled.Action.FORWARD);
        return h.message().get("id").toString();
    }

    /**
     * The request that goes to the server is the client's, member for member and in its order, under
     * the proxy's id; the client's message is left as it came (the copy shares its members).
     */
    @Test
    void aForwardedRequestIsTheClientsUnderTheProxysId() {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"hi\"}},\"_meta\":{\"k\":[1,2]}}";
        JsonNode received = json(call);
        Handled h = handler.fromClient(received, session, 0);
        assertThat(h.action()).isEqualTo(Handled.Action.FORWARD);
        assertThat(JsonRpc.bytes(received)).isEqualTo(JsonRpc.bytes(json(call)));
        assertThat(new String(JsonRpc.bytes(h.message()), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(call.replace("\"id\":7", "\"id\":" + h.message().get("id")));
        assertThat(h.message().get("id").stringValue()).startsWith(ServerIds.PREFIX);
    }

    private Handled answer(String serverId) {
        return handler.fromServer(json("{\"jsonrpc\":\"2.0\",\"id\":" + serverId + "," + TOOLS), session, 0);
    }

    private static List<String> names(Handled h) {
        List<String> out = new ArrayList<>();
        h.message().path("result").path("tools").forEach(t -> out.add(t.path("name").asString()));
        return out;
    }

    @Test
    void anIdTheServerReadsAsAnotherNumberCannotCarryAnUnfilteredList() {
        String sent = forward("1e1");
        // A JavaScript server reads 1e1 as 10 and answers 10: never the proxy's id, so never passed on raw.
        assertThat(answer("10").action()).isEqualTo(Handled.Action.DROP);
        Handled h = answer(sent);
        assertThat(names(h)).containsExactly("echo");
        assertThat(h.message().get("id").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void theSameIdTwiceGivesTwoRequestsBothFiltered() {
        String first = forward("1");
        String second = forward("1");
        assertThat(first).isNotEqualTo(second);
        assertThat(names(answer(first))).containsExactly("echo");
        assertThat(names(answer(second))).containsExactly("echo");
        assertThat(answer(second).message().get("id").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneIdAreEachFiltered() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                sent.add(pool.submit(() -> forward("\"same\"")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : sent) {
                ids.add(f.get());
            }
            assertThat(ids).doesNotHaveDuplicates();
            List<Future<Handled>> answers = new ArrayList<>();
            for (String id : ids) {
                answers.add(pool.submit(() -> answer(id)));
            }
            for (Future<Handled> a : answers) {
                assertThat(names(a.get())).containsExactly("echo");
                assertThat(a.get().message().get("id").asString()).isEqualTo("same");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAnswerSentAgainIsFilteredAgainAndAnUnknownOneDropped() {
        String sent = forward("5");
        assertThat(names(answer(sent))).containsExactly("echo");
        assertThat(names(answer(sent))).as("resumed stream").containsExactly("echo");
        assertThat(answer("\"mcppol-999\"").action()).isEqualTo(Handled.Action.DROP);
    }

    @Test
    void requestsWaitingForTheServerAreBounded() {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < ServerIds.MAX_OUTSTANDING; i++) {
            sent.add(forward(String.valueOf(i)));
        }
        Handled refused = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":\"one-more\",\"method\":\"ping\"}"), session, 0);
        assertThat(refused.action()).isEqualTo(Handled.Action.ANSWER);
        assertThat(refused.message().path("error").path("code").asInt()).isEqualTo(JsonRpc.TOO_MANY_PENDING);
        assertThat(refused.message().path("id").asString()).isEqualTo("one-more");
        answer(sent.get(0));
        assertThat(handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":\"now\",\"method\":\"ping\"}"), session, 0)
                .action()).isEqualTo(Handled.Action.FORWARD);
    }

    @Test
    void aRequestTheServerNeverAnswersIsForgottenAfterItsWaitAndItsLateAnswerDropped() {
        String sent = forward("1");
        handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"), session,
                ServerIds.MAX_WAIT_MILLIS + 1);
        assertThat(session.serverIds().outstanding()).isEqualTo(1);
        assertThat(answer(sent).action()).isEqualTo(Handled.Action.DROP);
    }

    @Test
    void aHugeIdIsRefusedNotKept() {
        Handled h = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"id\":\"" + "x".repeat(10_000)
                + "\",\"method\":\"tools/list\"}"), session, 0);
        assertThat(h.action()).isEqualTo(Handled.Action.ANSWER);
        assertThat(h.message().path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
        assertThat(h.message().toString()).doesNotContain("xxxx");
    }

    @Test
    void aCancellationNamesTheRequestAsTheServerKnowsIt() {
        String sent = forward("3");
        Handled c = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":3,\"reason\":\"user\"}}"), session, 0);
        assertThat(c.message().path("params").get("requestId").toString()).isEqualTo(sent);
        Handled nothing = handler.fromClient(json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":404}}"), session, 0);
        assertThat(nothing.action()).isEqualTo(Handled.Action.DROP);
    }

    @Test
    void aRecordingsAnswersAreMatchedByTheClientsIdsInOrder() {
        forward("1");
        forward("1");
        Handled first = handler.fromRecordedServer(json("{\"jsonrpc\":\"2.0\",\"id\":1," + TOOLS), session, 0);
        Handled second = handler.fromRecordedServer(json("{\"jsonrpc\":\"2.0\",\"id\":1," + TOOLS), session, 0);
        assertThat(names(first)).containsExactly("echo");
        assertThat(names(second)).containsExactly("echo");
        assertThat(handler.fromRecordedServer(json("{\"jsonrpc\":\"2.0\",\"id\":1," + TOOLS), session, 0).action())
                .isEqualTo(Handled.Action.DROP);
    }
}
