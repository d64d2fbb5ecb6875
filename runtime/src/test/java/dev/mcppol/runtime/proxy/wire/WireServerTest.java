package dev.mcppol.runtime.proxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own HTTP/1.1 listener, spoken to byte by byte: framing of requests (length, chunked,
 * pipelined, refused when ambiguous) and of answers (length, chunked, HEAD), keep-alive and close,
 * bodies read only when asked for and bounded.
 */
class WireServerTest {
    private static final int LIMIT = 1000;
    private WireServer server;
    /** What the handler saw: "METHOD PATH body-or-(none)". */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch abandoned = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = WireServer.start("127.0.0.1", 0, 2, this::handle, m -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** /echo answers the body; /stream answers in three parts; /hang never answers; /refuse answers at once. */
    private void handle(AgentExchange ex) {
        switch (ex.path()) {
            case "/refuse" -> {
                seen.add(ex.method() + " " + ex.path() + " (none)");
                answer(ex, 403, "no");
            }
            case "/stream" -> {
                seen.add(ex.method() + " " + ex.path() + " (none)");
                ex.responseHeaders().put("Content-Type", "text/event-stream");
                ex.write(false, bytes("data: 1\n\n"), Callback.NOOP);
                ex.write(false, bytes("data: 2\n\n"), Callback.NOOP);
                ex.write(true, bytes("data: 3\n\n"), Callback.NOOP);
            }
            case "/hang" -> {
                seen.add(ex.method() + " " + ex.path() + " (none)");
                ex.onAbandon(why -> abandoned.countDown());
            }
            default -> ex.readBody(LIMIT, new AgentExchange.BodyListener() {
                @Override
                public void body(byte[] body) {
                    String text = new String(body, StandardCharsets.UTF_8);
                    seen.add(ex.method() + " " + ex.path() + " " + (text.isEmpty() ? "(none)" : text));
                    answer(ex, 200, "got " + text);
                }

                @Override
                public void tooLarge() {
                    seen.add(ex.method() + " " + ex.path() + " (too large)");
                    answer(ex, 413, "too large");
                }

                @Override
                public void failed(IOException why) {
                    seen.add(ex.method() + " " + ex.path() + " (failed)");
                }
            });
        }
    }

    private static void answer(AgentExchange ex, int status, String text) {
        ex.setStatus(status);
        ex.responseHeaders().put("Content-Type", "text/plain");
        ex.write(true, bytes(text), Callback.NOOP);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String raw) throws IOException {
        s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads one answer: head, then a body framed by Content-Length or chunks (decoded). */
    private static String answer(InputStream in) throws IOException {
        String head = line(in, "\r\n\r\n");
        StringBuilder out = new StringBuilder(head);
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        int cl = lower.indexOf("content-length: ");
        if (cl >= 0) {
            int n = Integer.parseInt(lower.substring(cl + 16, lower.indexOf("\r\n", cl)).trim());
            out.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(line(in, "\r\n").trim(), 16);
                if (size == 0) {
                    line(in, "\r\n");
                    break;
                }
                out.append("[").append(new String(in.readNBytes(size), StandardCharsets.UTF_8)).append("]");
                line(in, "\r\n");
            }
        }
        return out.toString();
    }

    private static String line(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("end of stream after " + b.toString(StandardCharsets.ISO_8859_1));
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean closedByPeer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void keepAliveAndPipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        try (Socket s = connect()) {
            send(s, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("got one").doesNotContain("close");
            // two requests in one write: the second waits in the buffer until the first is answered
            send(s, "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwoGET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer(s.getInputStream())).endsWith("got two");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("got ");
        }
        assertThat(seen).containsExactly("POST /a one", "POST /b two", "GET /c (none)");
    }

    @Test
    void aChunkedBodyIsReadWholeAndExpectContinueIsAnswered() throws IOException {
        try (Socket s = connect()) {
            send(s, "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
            assertThat(answer(s.getInputStream())).endsWith("got abcde");
            send(s, "POST /b HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            assertThat(line(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 100");
            send(s, "ok");
            assertThat(answer(s.getInputStream())).endsWith("got ok");
        }
    }

    @Test
    void aBodyOverTheLimitIsNotReadAndTheConnectionCloses() throws IOException {
        try (Socket s = connect()) {
            // announced over the limit: refused before a byte of it is read
            send(s, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 413").contains("Connection: close");
            assertThat(closedByPeer(s)).isTrue();
        }
        try (Socket s = connect()) {
            // chunked: it passes the limit while being read
            String chunk = "x".repeat(600);
            send(s, "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 413").contains("Connection: close");
            assertThat(closedByPeer(s)).isTrue();
        }
        assertThat(seen).containsExactly("POST /a (too large)", "POST /b (too large)");
    }

    @Test
    void anAnswerBeforeTheBodyIsReadClosesTheConnectionAndSaysSo() throws IOException {
        try (Socket s = connect()) {
            send(s, "POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 403").contains("Connection: close");
            assertThat(closedByPeer(s)).isTrue();
        }
        try (Socket s = connect()) {
            // without a body there is nothing left behind: the connection stays
            send(s, "GET /refuse HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 403").doesNotContain("close");
            send(s, "GET /refuse HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void ambiguousFramingAndOversizedHeadsAreRefusedAndClosed() throws IOException {
        for (String raw : List.of(
                // a length and chunks: two readings of where the request ends (request smuggling)
                "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                // two different lengths
                "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
                // a coding before chunked, a length no long holds, a header folded over two lines
                "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "POST /a HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\nContent-Length: 1\r\n\r\nx",
                "GET /a HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /a HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n")) {
            try (Socket s = connect()) {
                send(s, raw);
                String r = answer(s.getInputStream());
                assertThat(r).as(raw.substring(0, 40)).matches("(?s)HTTP/1.1 (4(00|13|31)|501) .*").contains("Connection: close")
                        .doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("server:");
                assertThat(closedByPeer(s)).isTrue();
            }
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void streamedAnswersAreChunkedAndHeadAnswersHaveNoBody() throws IOException {
        try (Socket s = connect()) {
            send(s, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer(s.getInputStream())).contains("Transfer-Encoding: chunked")
                    .endsWith("[data: 1\n\n][data: 2\n\n][data: 3\n\n]");
            send(s, "HEAD /refuse HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = line(s.getInputStream(), "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 403").contains("Content-Length: 2");
            send(s, "GET /refuse HTTP/1.1\r\nHost: x\r\n\r\n"); // the HEAD answer left no body on the wire
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 403").endsWith("no");
        }
    }

    @Test
    void http10AndConnectionCloseEndTheConnectionAfterTheAnswer() throws IOException {
        for (String raw : List.of("GET /a HTTP/1.0\r\n\r\n", "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            try (Socket s = connect()) {
                send(s, raw);
                assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 200").contains("Connection: close");
                assertThat(closedByPeer(s)).isTrue();
            }
        }
        try (Socket s = connect()) {
            send(s, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(answer(s.getInputStream())).contains("Connection: keep-alive");
            send(s, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(answer(s.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void anAgentThatLeavesMidExchangeAbandonsIt() throws Exception {
        try (Socket s = connect()) {
            send(s, "GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        }
        // noticed when the agent leaves, not when the connection's 10 s of allowed silence run out
        assertThat(abandoned.await(8, TimeUnit.SECONDS)).isTrue();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(server.openConnections()).isZero();
    }
}
