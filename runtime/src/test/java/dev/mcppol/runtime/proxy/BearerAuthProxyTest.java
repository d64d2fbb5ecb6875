package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.auth.AuthOptions;
import dev.mcppol.runtime.auth.UpstreamHeader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP proxy as an OAuth 2.1 resource server, in front of a witness upstream that writes down
 * every request it gets: forged tokens are refused with 401 and reach nothing; good ones pass without
 * the agent's token; a session cannot be used by another identity.
 */
class BearerAuthProxyTest {
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @TempDir
    Path dir;
    private WitnessUpstream upstream;
    private ProxyRunner runner;
    private HttpProxy proxy;
    private TestTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        upstream = new WitnessUpstream();
        // The resource the tokens are for: the proxy's public URL (here on a port not yet known, so fixed).
        String resource = "https://mcp.example.test/mcp";
        tokens = new TestTokens(resource);
        Files.writeString(dir.resolve("upstream-secret"), "s3cret-for-the-server\n");
        runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .listen("127.0.0.1:0").upstream(upstream.endpoint())
                .auth(new AuthOptions(tokens.writeJwks(dir).toString(), TestTokens.ISSUER, URI.create(resource),
                        List.of("mcp:tools"), null, 30))
                .upstreamHeaders(List.of(UpstreamHeader.parse("X-Upstream-Key=@" + dir.resolve("upstream-secret"), Map.of()))),
                System.err);
        proxy = runner.startHttp();
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private HttpResponse<String> post(String body, String token, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.endpoint()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyForgedTokenIsRefusedWith401AndReachesNothing() throws Exception {
        for (Map.Entry<String, String> f : tokens.forged().entrySet()) {
            HttpResponse<String> r = post(INIT, f.getValue(), null);
            assertThat(r.statusCode()).as(f.getKey()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(f.getKey()).hasValueSatisfying(h -> assertThat(h)
                    .startsWith("Bearer resource_metadata=\"https://mcp.example.test/.well-known/oauth-protected-resource/mcp\"")
                    .contains("error=\"invalid_token\""));
        }
        assertThat(upstream.seen).isEmpty();
    }

    /**
     * The refusal is sent before the body is read, so the connection cannot be reused: the answer says
     * so. Without it a keep-alive client sent its next request into the closing connection and got
     * "header parser received no bytes" instead of the next 401.
     */
    @Test
    void aRefusalBeforeTheBodyIsReadClosesTheConnectionAndSaysSo() throws Exception {
        String forged = tokens.forged().values().iterator().next();
        // the headers promise a body that has not been sent when the token is refused
        assertThat(rawHead("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + forged + "\r\nContent-Length: " + INIT.length() + "\r\n\r\n"))
                .startsWith("HTTP/1.1 401").containsIgnoringCase("\r\nConnection: close\r\n");
        // a refused GET has no body to leave behind: its connection stays open for the next request
        assertThat(rawHead("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"))
                .startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("Connection: close");
        // and a client that reuses connections gets every refusal, however its body and the answer interleave
        for (int i = 0; i < 50; i++) {
            assertThat(post(INIT, forged, null).statusCode()).isEqualTo(401);
        }
        assertThat(upstream.seen).isEmpty();
    }

    /** Sends {@code request} as raw bytes on a new connection and returns the answer's status line and headers. */
    private String rawHead(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), proxy.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            java.io.InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                assertThat(c).as("the answer's headers so far: " + head).isNotNegative();
                head.append((char) c);
            }
            return head.toString();
        }
    }

    @Test
    void noTokenIs401WithTheMetadataLocationAndNoErrorCode() throws Exception {
        HttpResponse<String> r = post(INIT, null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer resource_metadata="
                + "\"https://mcp.example.test/.well-known/oauth-protected-resource/mcp\", scope=\"mcp:tools\"");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(proxy.endpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void aMissingScopeIs403InsufficientScope() throws Exception {
        HttpResponse<String> r = post(INIT, tokens.token("alice", b -> b.claim("scope", "openid")), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"mcp:tools\"");
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void servesProtectedResourceMetadata() throws Exception {
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"resource\":\"https://mcp.example.test/mcp\"")
                    .contains("\"authorization_servers\":[\"https://issuer.test\"]")
                    .contains("\"bearer_methods_supported\":[\"header\"]").contains("\"scopes_supported\":[\"mcp:tools\"]");
        }
    }

    @Test
    void aGoodTokenPassesButIsNeverForwardedAndTheUpstreamCredentialIs() throws Exception {
        HttpResponse<String> r = post(INIT, tokens.token("alice"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(upstream.seen).hasSize(1);
        Map<String, List<String>> h = upstream.seen.get(0).headers();
        assertThat(h).doesNotContainKey("authorization");
        assertThat(h.get("x-upstream-key")).containsExactly("s3cret-for-the-server");
    }

    @Test
    void aSessionIsBoundToTheIdentityThatOpenedIt() throws Exception {
        HttpResponse<String> init = post(INIT, tokens.token("alice"), null);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(LIST, tokens.token("alice"), session).statusCode()).isEqualTo(200);
        int before = upstream.seen.size();
        HttpResponse<String> hijack = post(LIST, tokens.token("bob"), session);
        assertThat(hijack.statusCode()).isEqualTo(403);
        assertThat(hijack.body()).contains("belongs to another identity");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(proxy.endpoint())
                .header("Authorization", "Bearer " + tokens.token("bob")).header("Mcp-Session-Id", session)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(upstream.seen).hasSize(before);
        assertThat(post(LIST, tokens.token("alice"), session).statusCode()).isEqualTo(200);
    }

    @Test
    void identityHeaderIsRefusedWithAuth() {
        ProxyConfig c = new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .listen("127.0.0.1:0").upstream(upstream.endpoint()).identityHeader("X-Agent-Identity")
                .auth(new AuthOptions("unused.json", TestTokens.ISSUER, URI.create("https://mcp.example.test/mcp"),
                        List.of(), null, 30));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProxyRunner.prepare(c, System.err))
                .isInstanceOf(ProxyStartException.class).hasMessageContaining("--identity-header cannot be combined");
    }
}
