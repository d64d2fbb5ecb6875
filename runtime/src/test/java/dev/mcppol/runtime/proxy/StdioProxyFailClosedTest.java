package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Raw JSON lines into the stdio proxy in front of server-everything: what must never reach the server. */
class StdioProxyFailClosedTest {
    private RawStdioClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    private RawStdioClient start(ProxyConfig extra) throws Exception {
        client = new RawStdioClient(extra.bundle(BundleSource.file(TestServers.bundle("everything")))
                .command(TestServers.everythingStdio()));
        client.initialize();
        return client;
    }

    /** A ping answered right after a refusal proves the server sent nothing for the refused message. */
    private void assertNothingElseArrives(int pingId) throws Exception {
        JsonNode pong = client.request(pingId, "ping", "{}");
        assertThat(pong.path("id").asInt()).isEqualTo(pingId);
        assertThat(pong.has("result")).isTrue();
    }

    @Test
    void batchIsRefusedAndNeverForwarded() throws Exception {
        start(new ProxyConfig());
        client.send("[{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"get-env\",\"arguments\":{}}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"ping\"}]");
        JsonNode err = client.next();
        assertThat(err.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(err.path("error").path("message").asString()).contains("batch");
        assertThat(err.get("id").isNull()).isTrue();
        assertNothingElseArrives(13);
    }

    @Test
    void duplicateKeysAreRefusedWithTheRequestsId() throws Exception {
        start(new ProxyConfig());
        // The policy would read one "name", the server perhaps the other: refuse rather than guess.
        client.send("{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"name\":\"get-env\",\"arguments\":{}}}");
        JsonNode err = client.next();
        assertThat(err.path("id").asInt()).isEqualTo(21);
        assertThat(err.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(err.path("error").path("message").asString()).containsIgnoringCase("duplicate");
        assertNothingElseArrives(22);
    }

    @Test
    void unreadableParamsAreDenied() throws Exception {
        start(new ProxyConfig());
        for (String params : List.of("\"get-env\"", "{\"name\":42}", "{\"name\":\"echo\",\"arguments\":[\"hi\"]}", "{}")) {
            JsonNode r = client.request(31, "tools/call", params);
            assertThat(r.path("result").path("isError").asBoolean()).as(params).isTrue();
            JsonNode d = r.path("result").path("_meta").path("mcppol/decision");
            assertThat(d.path("outcome").asString()).isEqualTo("deny");
            assertThat(d.path("rule").asString()).isEqualTo(CallDecision.RULE_MALFORMED);
        }
        assertNothingElseArrives(32);
    }

    @Test
    void unparseableJsonGetsAParseError() throws Exception {
        start(new ProxyConfig());
        client.send("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":");
        JsonNode err = client.next();
        assertThat(err.path("error").path("code").asInt()).isEqualTo(-32700);
        assertNothingElseArrives(42);
    }

    /**
     * A number no exact decimal can hold (an exponent beyond 2^31) made the JSON reader throw what the
     * gate did not take for a parse error: the proxy's reader thread stopped and the session with it.
     */
    @Test
    void aNumberBeyondAnyDecimalIsAParseErrorAndTheProxyCarriesOn() throws Exception {
        start(new ProxyConfig());
        for (String n : List.of("1e99999999999", "-1e-99999999999")) {
            client.send("{\"jsonrpc\":\"2.0\",\"id\":61,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"message\":\"m\",\"n\":" + n + "}}}");
            JsonNode err = client.next();
            assertThat(err.path("error").path("code").asInt()).as(n).isEqualTo(-32700);
            assertThat(err.path("error").path("message").asString()).contains("no exact decimal");
        }
        JsonNode ok = client.call(62, "echo", "{\"message\":\"after\"}");
        assertThat(ok.path("result").path("content").get(0).path("text").asString()).isEqualTo("Echo: after");
    }

    @Test
    void oversizeMessageIsRefusedUnreadAndTheProxyCarriesOn() throws Exception {
        start(new ProxyConfig().maxMessageBytes(4096));
        String big = "x".repeat(100_000);
        client.send("{\"jsonrpc\":\"2.0\",\"id\":51,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\""
                + big + "\"}}}");
        JsonNode err = client.next();
        assertThat(err.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(err.path("error").path("message").asString()).contains("4096 bytes");
        JsonNode ok = client.call(52, "echo", "{\"message\":\"small\"}");
        assertThat(ok.path("result").path("content").get(0).path("text").asString()).isEqualTo("Echo: small");
    }

    @Test
    void decisionsAreAnsweredByTheProxy() throws Exception {
        start(new ProxyConfig());
        JsonNode sum = client.call(61, "get-sum", "{\"a\":2,\"b\":3}");
        assertThat(sum.path("result").path("content").get(0).path("text").asString()).isEqualTo("The sum of 2 and 3 is 5.");

        JsonNode big = client.call(62, "get-sum", "{\"a\":200,\"b\":3}");
        assertThat(big.path("result").path("isError").asBoolean()).isTrue();
        assertThat(big.path("result").path("content").get(0).path("text").asString()).contains("too big");
        JsonNode d = big.path("result").path("_meta").path("mcppol/decision");
        assertThat(d.path("outcome").asString()).isEqualTo("deny");
        assertThat(d.path("rule").asString()).isEqualTo("too_big");

        JsonNode ask = client.call(63, "get-tiny-image", "{}");
        assertThat(ask.path("error").path("code").asInt()).isEqualTo(JsonRpc.APPROVAL_REQUIRED);
        assertThat(ask.path("error").path("message").asString()).contains("a person approves images");
        assertThat(ask.path("error").path("data").path("mcppol/decision").path("outcome").asString()).isEqualTo("ask");

        for (int i = 0; i < 3; i++) {
            assertThat(client.call(70 + i, "echo", "{\"message\":\"m" + i + "\"}").path("result").has("isError")).isFalse();
        }
        JsonNode limited = client.call(74, "echo", "{\"message\":\"one too many\"}");
        assertThat(limited.path("result").path("isError").asBoolean()).isTrue();
        JsonNode ld = limited.path("result").path("_meta").path("mcppol/decision");
        assertThat(ld.path("outcome").asString()).isEqualTo("limit");
        assertThat(ld.path("retryAfterMs").asLong()).isBetween(1L, 60_000L);
        assertThat(limited.path("result").path("content").get(0).path("text").asString()).contains("retry after");
    }

    @Test
    void relaysServerStderrAndReturnsTheServersExitCode() throws Exception {
        start(new ProxyConfig());
        assertThat(client.closeAndWait()).isZero(); // server-everything exits 0 on stdin EOF
        assertThat(client.stderr()).contains("Starting default (STDIO) server");
    }

    @Test
    void aServerThatCannotStartIsAStartError() throws Exception {
        ProxyRunner runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .command(List.of("/nonexistent/mcp-server")), System.err);
        try {
            assertThatThrownBy(() -> runner.runStdio(System.in, System.out)).isInstanceOf(ProxyStartException.class)
                    .hasMessageContaining("cannot start the server /nonexistent/mcp-server");
        } finally {
            runner.close();
        }
    }

    @Test
    void aBundleOfUnknownVersionRefusesToStart(@TempDir Path dir) throws Exception {
        String text = Files.readString(TestServers.bundle("everything")).replace("\"bundle/1\"", "\"bundle/99\"");
        Path future = Files.writeString(dir.resolve("future.bundle.json"), text, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(future))
                .command(TestServers.everythingStdio()), System.err)).isInstanceOf(ProxyStartException.class)
                .hasMessageContaining("unsupported bundle version 'bundle/99'");
    }

    @Test
    void aTamperedBundleRefusesToStart(@TempDir Path dir) throws Exception {
        String text = Files.readString(TestServers.bundle("everything")).replace("no env dumps", "env dumps ok");
        Path edited = Files.writeString(dir.resolve("edited.bundle.json"), text, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(edited))
                .command(TestServers.everythingStdio()), System.err)).isInstanceOf(ProxyStartException.class)
                .hasMessageContaining("does not match its sha256");
    }

    @Test
    void refusalsDoNotEchoTheMessagesContent() throws Exception {
        start(new ProxyConfig());
        // A password typed as a bare JSON word: the refusal names the position, never the token.
        client.send("{\"jsonrpc\":\"2.0\",\"id\":81,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"password\": hunter2Secret}}}");
        JsonNode err = client.next();
        assertThat(err.path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(err.toString()).doesNotContain("hunter2Secret").contains("column");
        client.send("{\"jsonrpc\":\"2.0\",\"id\":82,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"tokenXyzzy\":1,\"tokenXyzzy\":2}}}");
        JsonNode dup = client.next();
        assertThat(dup.path("id").asInt()).isEqualTo(82);
        assertThat(dup.toString()).doesNotContain("tokenXyzzy");
        assertNothingElseArrives(83);
        assertThat(client.stderr()).doesNotContain("hunter2Secret").doesNotContain("tokenXyzzy");
    }

    @Test
    void denialsStillArriveWhenTheServerStopsReadingItsInput() throws Exception {
        // A server that never reads its stdin: forwarded messages fill the pipe, then the proxy's queue.
        client = new RawStdioClient(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .maxMessageBytes(64 * 1024).command(List.of("node", "-e", "setInterval(() => {}, 1000)")));
        String pad = "p".repeat(60_000);
        for (int i = 0; i < 40; i++) {
            client.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"pad\":\"" + pad + "\"}}");
        }
        // The proxy answers this itself: it must not wait behind the blocked writes.
        JsonNode denied = client.call(91, "get-env", "{}");
        assertThat(denied.path("id").asInt()).isEqualTo(91);
        assertThat(denied.path("result").path("_meta").path("mcppol/decision").path("outcome").asString())
                .isEqualTo("deny");
        // A request that would have to wait behind them is answered with an error, not kept forever.
        JsonNode refused = client.request(92, "ping", "{\"pad\":\"" + pad + "\"}");
        assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32603);
        assertThat(refused.path("error").path("message").asString()).contains("not reading");
    }

    @Test
    void aServerAnswerOverTheLimitIsAnsweredWithAnErrorNotSilence() throws Exception {
        // server-everything's tools/list answer is far over 4096 bytes; the request itself is small.
        start(new ProxyConfig().maxMessageBytes(4096));
        JsonNode err = client.request(95, "tools/list", "{}");
        assertThat(err.path("id").asInt()).isEqualTo(95);
        assertThat(err.path("error").path("code").asInt()).isEqualTo(-32014);
        assertThat(err.path("error").path("message").asString()).contains("4096 bytes");
        assertNothingElseArrives(96);
    }
}
