package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request the policy decides on is the request the server reads. The body: a POST is read as UTF-8 JSON, so a
 * {@code Content-Type} that would make a server decode it otherwise (UTF-7, UTF-16, Latin-1, another
 * media type, the header twice) is refused before anything is forwarded, and the server is told
 * {@code application/json}, never the agent's header. In front of a witness upstream that writes
 * down every request it gets; policy: default allow, {@code get-sum} denied when {@code a > 100}.
 * The headers the proxy reads one value of (session, protocol version, identity) are refused when
 * sent twice: the proxy would read the first, a server the last or both joined.
 */
class HttpRequestReadingTest {
    /** In UTF-7, {@code get+AC0-sum} is {@code get-sum}: read as UTF-8 it is a tool the policy allows by default. */
    private static final String DISGUISED = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"get+AC0-sum\",\"arguments\":{\"a\":1000,\"b\":1}}}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}";

    private WitnessUpstream upstream;
    private ProxyRunner runner;
    private HttpProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = new WitnessUpstream();
        runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything-open")))
                .listen("127.0.0.1:0").upstream(upstream.endpoint()).identityHeader("X-User"), System.err);
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

    /** One raw POST to the MCP endpoint with these extra header lines; returns the whole answer. */
    private String post(String headers, byte[] body) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            s.setSoTimeout(20_000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.port() + "\r\nConnection: close\r\n"
                    + "Accept: application/json, text/event-stream\r\n" + headers + "Content-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            req.writeBytes(body);
            s.getOutputStream().write(req.toByteArray());
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String post(String headers, String body) throws Exception {
        return post(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCharsetThatServersDecodeOtherwiseIsRefusedAndReachesNothing() throws Exception {
        for (String type : List.of("application/json; charset=utf-7", "application/json;charset=UTF-7",
                "application/json; charset=\"utf-16le\"", "application/json; charset=iso-8859-1",
                "application/json; charset=utf-8; charset=utf-7", "application/json; charset=utf-7; charset=utf-8")) {
            String r = post("Content-Type: " + type + "\r\n", DISGUISED);
            assertThat(r).as(type).startsWith("HTTP/1.1 415").contains("unsupported media type");
        }
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void anotherMediaTypeOrTheHeaderTwiceIsRefused() throws Exception {
        for (String headers : List.of("Content-Type: text/plain\r\n", "Content-Type: text/plain; x=application/json\r\n",
                "Content-Type: application/json-seq\r\n", "Content-Type: application/json; charset\r\n",
                "Content-Type: application/json\r\nContent-Type: application/json; charset=utf-7\r\n")) {
            String r = post(headers, CALL);
            assertThat(r).as(headers).startsWith("HTTP/1.1 415");
        }
        assertThat(upstream.seen).isEmpty();
    }

    @Test
    void theServerIsToldTheProxysOwnContentTypeAndNoMethodOverride() throws Exception {
        String r = post("Content-Type: Application/JSON; charset=\"UTF-8\"\r\nX-HTTP-Method-Override: DELETE\r\n", CALL);
        assertThat(r).startsWith("HTTP/1.1 200");
        String none = post("", CALL);
        assertThat(none).startsWith("HTTP/1.1 200");
        assertThat(upstream.seen).hasSize(2);
        for (WitnessUpstream.Seen seen : upstream.seen) {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.headers().get("content-type")).containsExactly("application/json");
            assertThat(seen.headers()).doesNotContainKey("x-http-method-override");
            assertThat(seen.body()).contains("\"echo\"");
        }
    }

    @Test
    void aHeaderReadOnceThatIsSentTwiceIsRefused() throws Exception {
        for (String headers : List.of("Mcp-Session-Id: a\r\nMcp-Session-Id: b\r\n", "X-User: alice\r\nX-User: bob\r\n",
                "MCP-Protocol-Version: 2025-06-18\r\nmcp-protocol-version: 2025-11-25\r\n")) {
            String r = post("Content-Type: application/json\r\n" + headers, CALL);
            assertThat(r).as(headers).startsWith("HTTP/1.1 400").contains("more than once");
        }
        assertThat(upstream.seen).isEmpty();
        assertThat(post("Content-Type: application/json\r\nX-User: alice\r\n", CALL)).startsWith("HTTP/1.1 200");
    }

    /** UTF-16 carries NUL bytes; the JSON parser would detect it and decide, where the server reads UTF-8. */
    @Test
    void aUtf16BodyIsRefusedAsNotUtf8() throws Exception {
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16)) {
            String r = post("Content-Type: application/json\r\n", DISGUISED.getBytes(cs));
            assertThat(r).as(cs.name()).startsWith("HTTP/1.1 400").contains("UTF-8");
        }
        assertThat(upstream.seen).isEmpty();
    }
}
