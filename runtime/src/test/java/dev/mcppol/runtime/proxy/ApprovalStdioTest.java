package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.approval.Approvals;
import dev.mcppol.runtime.approval.FileApprovalStore;
import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Approvals through the stdio proxy, spoken to in raw JSON lines so each step is in the test's hands: a
 * held call does not hold up the others, every answer an elicitation can get, redaction of what a person
 * is shown, and who decided in the decision log. Proxy in this JVM, server-everything behind it.
 */
class ApprovalStdioTest {
    private static final String ELICITS = "{\"elicitation\":{}}";
    private static final String SECRET = "hunter2-do-not-show";

    @TempDir
    Path dir;
    private RawStdioClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    private RawStdioClient start(ProxyConfig config, String capabilities) throws Exception {
        client = new RawStdioClient(config.bundle(BundleSource.file(TestServers.bundle("approvals")))
                .command(TestServers.everythingStdio()).identity("alice").approvalsDir(dir.resolve("store")));
        client.initialize(capabilities);
        return client;
    }

    private static String answer(JsonNode question, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":" + result + "}";
    }

    private static String echo(int id, String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + message + "\"}}}";
    }

    private static String text(JsonNode reply) {
        return reply.path("result").path("content").path(0).path("text").asString("");
    }

    private List<JsonNode> log(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> (JsonNode) Json.MAPPER.readTree(l)).toList();
    }

    @Test
    void otherCallsGoOnWhileOneIsHeld() throws Exception {
        RawStdioClient c = start(new ProxyConfig(), ELICITS);
        c.send(echo(1, "held"));
        JsonNode question = c.nextRequest();
        assertThat(question.path("method").asString()).isEqualTo("elicitation/create");
        // while the user has not answered, another call goes to the server and back
        JsonNode other = c.call(2, "get-tiny-image", "{}");
        assertThat(other.path("id").asInt()).isEqualTo(2);
        assertThat(other.path("result").path("content").toString()).contains("image");
        // and a second ask is asked too, without waiting for the first answer
        c.send(echo(3, "held too"));
        JsonNode second = c.nextRequest();
        assertThat(second.get("id")).isNotEqualTo(question.get("id"));
        c.send(answer(second, "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}"));
        JsonNode third = c.next();
        assertThat(third.path("id").asInt()).isEqualTo(3);
        assertThat(text(third)).isEqualTo("Echo: held too");
        c.send(answer(question, "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}"));
        JsonNode first = c.next();
        assertThat(first.path("id").asInt()).isEqualTo(1);
        assertThat(text(first)).isEqualTo("Echo: held");
    }

    @Test
    void cancelAndAcceptWithDenyAreDenialsThatConsumeNothing() throws Exception {
        Path decisions = dir.resolve("decisions.jsonl");
        RawStdioClient c = start(new ProxyConfig().decisionLog(decisions, false), ELICITS);
        c.send(echo(1, "cancelled"));
        c.send(answer(c.nextRequest(), "{\"action\":\"cancel\"}"));
        JsonNode cancelled = c.next();
        assertThat(cancelled.path("result").path("isError").asBoolean()).isTrue();
        assertThat(text(cancelled)).contains("not approved: the user alice dismissed the request");

        c.send(echo(2, "denied"));
        c.send(answer(c.nextRequest(), "{\"action\":\"accept\",\"content\":{\"decision\":\"deny\",\"note\":\"not now\"}}"));
        JsonNode denied = c.next();
        assertThat(denied.path("result").path("isError").asBoolean()).isTrue();
        assertThat(text(denied)).contains("not approved: the user alice denied it: not now");

        // the limit (2 per hour) is untouched: two approved calls still go through
        for (int id = 3; id <= 4; id++) {
            c.send(echo(id, "approved " + id));
            c.send(answer(c.nextRequest(), "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\"}}"));
            assertThat(text(c.next())).isEqualTo("Echo: approved " + id);
        }
        assertThat(log(decisions)).filteredOn(l -> l.path("outcome").asString().equals("deny"))
                .extracting(l -> l.path("approval").path("decision").asString()).containsExactly("denied", "denied");
    }

    @Test
    void aSecretAtARedactPathIsNotInTheQuestionNorInTheQueuedRequest() throws Exception {
        RawStdioClient c = start(new ProxyConfig().redact(List.of("message")), ELICITS);
        c.send(echo(1, SECRET));
        JsonNode question = c.nextRequest();
        assertThat(question.toString()).doesNotContain(SECRET).contains("[REDACTED]");
        c.send(answer(question, "{\"action\":\"decline\"}"));
        assertThat(c.next().path("result").path("isError").asBoolean()).isTrue();
        c.close();

        // queued: the summary kept for `mcppol approvals show` is redacted the same way
        RawStdioClient q = start(new ProxyConfig().redact(List.of("message")).approvals(ApprovalConfig.Mode.QUEUE), "{}");
        JsonNode queued = q.call(1, "echo", "{\"message\":\"" + SECRET + "\"}");
        assertThat(queued.path("error").path("code").asInt()).isEqualTo(-32011);
        assertThat(queued.toString()).doesNotContain(SECRET);
        List<Approval> all = new Approvals(new FileApprovalStore(dir.resolve("store")), Approvals.Settings.defaults())
                .list(System.currentTimeMillis());
        assertThat(all).hasSize(2).allSatisfy(a -> assertThat(a.toJsonText()).doesNotContain(SECRET));
        for (Path f : Files.list(dir.resolve("store")).toList()) {
            assertThat(Files.readString(f)).doesNotContain(SECRET);
        }
    }

    @Test
    void theDecisionLogNamesWhoApprovedWhenAndWhy() throws Exception {
        Path decisions = dir.resolve("decisions.jsonl");
        RawStdioClient c = start(new ProxyConfig().decisionLog(decisions, false), ELICITS);
        c.send(echo(1, "approve me"));
        c.send(answer(c.nextRequest(), "{\"action\":\"accept\",\"content\":{\"decision\":\"approve\",\"note\":\"looks fine\"}}"));
        assertThat(text(c.next())).isEqualTo("Echo: approve me");
        // a queued request a person approves with the CLI's library: the retry is admitted
        JsonNode queued = c.call(2, "get-sum", "{\"a\":1,\"b\":2}");
        String id = queued.path("error").path("data").path("approval").path("id").asString();
        long before = System.currentTimeMillis();
        new Approvals(new FileApprovalStore(dir.resolve("store")), Approvals.Settings.defaults())
                .approve(id, "ops", "checked the sum", null, System.currentTimeMillis());
        assertThat(c.call(3, "get-sum", "{\"a\":1,\"b\":2}").path("result").path("content").toString()).contains("3");

        List<JsonNode> allowed = log(decisions).stream().filter(l -> l.path("outcome").asString().equals("allow")).toList();
        assertThat(allowed).hasSize(2);
        JsonNode elicited = allowed.get(0).path("approval");
        assertThat(elicited.path("id").asString()).startsWith("apr-");
        assertThat(elicited.path("decision").asString()).isEqualTo("approved");
        assertThat(elicited.path("by").asString()).isEqualTo("elicitation: the user alice");
        assertThat(elicited.path("note").asString()).isEqualTo("looks fine");
        assertThat(java.time.Instant.parse(elicited.path("at").asString())).isBeforeOrEqualTo(java.time.Instant.now());
        JsonNode granted = allowed.get(1).path("approval");
        assertThat(granted.path("id").asString()).isEqualTo(id);
        assertThat(granted.path("by").asString()).isEqualTo("ops");
        assertThat(granted.path("note").asString()).isEqualTo("checked the sum");
        assertThat(java.time.Instant.parse(granted.path("at").asString()).toEpochMilli()).isGreaterThanOrEqualTo(before);
        // get-sum's rule grants for 1h: the log says until when
        assertThat(granted.path("grantUntil").asString()).isNotEmpty();
    }
}
