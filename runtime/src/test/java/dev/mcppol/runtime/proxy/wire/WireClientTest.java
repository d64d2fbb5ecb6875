package dev.mcppol.runtime.proxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own HTTP/1.1 client against a real server (Jetty's, in the test): connections kept
 * and reused, a server that drops an idle one, answers streamed part by part as they are written
 * (not when the stream ends), the time the server has to begin, and abort.
 */
class WireClientTest {
    private Server upstream;
    private ServerConnector connector;
    private WireLoop loop;
    private WireClient client;
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowAnswers = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        upstream = new Server();
        connector = new ServerConnector(upstream);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(1_000); // the server drops a connection idle for a second
        upstream.addConnector(connector);
        upstream.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                connections.add(request.getConnectionMetaData().getId());
                String path = Request.getPathInContext(request);
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                switch (path) {
                    case "/stream" -> {
                        response.getHeaders().put("Content-Type", "text/event-stream");
                        Callback.Completable first = new Callback.Completable();
                        response.write(false, ByteBuffer.wrap("data: 1\n\n".getBytes(StandardCharsets.UTF_8)), first);
                        first.get(10, TimeUnit.SECONDS);
                        release.await(10, TimeUnit.SECONDS); // the second event only once the client has the first
                        response.write(true, ByteBuffer.wrap("data: 2\n\n".getBytes(StandardCharsets.UTF_8)), callback);
                    }
                    case "/slow" -> {
                        slowAnswers.await(10, TimeUnit.SECONDS); // begins only once the test is over
                        response.write(true, ByteBuffer.allocate(0), callback);
                    }
                    default -> {
                        response.getHeaders().put("Content-Type", "application/json");
                        response.write(true, ByteBuffer.wrap(("{\"echo\":\"" + request.getMethod() + " " + body + "\"}")
                                .getBytes(StandardCharsets.UTF_8)), callback);
                    }
                }
                return true;
            }
        });
        upstream.start();
        loop = new WireLoop("test-loop", m -> { });
    }

    @AfterEach
    void stop() throws Exception {
        slowAnswers.countDown();
        if (client != null) {
            client.close();
        }
        loop.close();
        upstream.stop();
    }

    private WireClient client(String path, long headTimeoutMillis) {
        client = new WireClient(URI.create("http://127.0.0.1:" + connector.getLocalPort() + path), headTimeoutMillis);
        return client;
    }

    /** What a listener saw: the status, then each part as it came, then "end" or the failure. */
    private static final class Seen implements Upstream.Listener {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CompletableFuture<List<String>> done = new CompletableFuture<>();
        final CountDownLatch firstPart = new CountDownLatch(1);

        @Override
        public void head(int status, HttpFields headers) {
            events.add("HTTP " + status);
        }

        @Override
        public void content(ByteBuffer chunk, Runnable more) {
            events.add(StandardCharsets.UTF_8.decode(chunk).toString());
            firstPart.countDown();
            more.run();
        }

        @Override
        public void complete() {
            events.add("end");
            done.complete(events);
        }

        @Override
        public void failed(Throwable why) {
            events.add("failed: " + why.getMessage());
            done.complete(events);
        }
    }

    private List<String> call(WireClient c, String method, byte[] body) throws Exception {
        Seen seen = new Seen();
        HttpFields.Mutable h = HttpFields.build();
        if (body != null) {
            h.put("Content-Type", "application/json");
        }
        c.send(loop, method, h, body, seen);
        return seen.done.get(20, TimeUnit.SECONDS);
    }

    @Test
    void connectionsAreKeptAndReusedAndADroppedOneIsReplaced() throws Exception {
        WireClient c = client("/mcp", 10_000);
        for (int i = 0; i < 5; i++) {
            assertThat(String.join("", call(c, "POST", ("n" + i).getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo("HTTP 200{\"echo\":\"POST n" + i + "\"}end");
        }
        assertThat(connections).hasSize(1);
        // the server drops idle connections: the next call opens a new one instead of failing
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!connector.getConnectedEndPoints().isEmpty() && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(connector.getConnectedEndPoints()).as("the server closed its idle connection").isEmpty();
        assertThat(call(c, "GET", null)).first().isEqualTo("HTTP 200");
        assertThat(connections).hasSize(2);
    }

    @Test
    void anAnswerStreamsPartByPart() throws Exception {
        WireClient c = client("/stream", 10_000);
        Seen seen = new Seen();
        c.send(loop, "GET", HttpFields.build(), null, seen);
        // the first event arrives while the server still holds the stream open
        assertThat(seen.firstPart.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.done).isNotDone();
        release.countDown();
        assertThat(seen.done.get(10, TimeUnit.SECONDS)).containsExactly("HTTP 200", "data: 1\n\n", "data: 2\n\n", "end");
    }

    @Test
    void aServerThatDoesNotBeginInTimeFailsTheCallAndAbortEndsIt() throws Exception {
        WireClient c = client("/slow", 300);
        List<String> r = call(c, "GET", null);
        assertThat(r).singleElement().asString().contains("no answer from the server within 300 ms");
        WireClient d = client("/slow", 10_000);
        Seen seen = new Seen();
        Upstream.Call call = d.send(loop, "GET", HttpFields.build(), null, seen);
        call.abort(new IOException("the agent went away"));
        assertThat(seen.done.get(10, TimeUnit.SECONDS)).containsExactly("failed: the agent went away");
    }

    /** The https path (Jetty's client) keeps the same contract; spoken to over http here, TLS being Jetty's own. */
    @Test
    void jettysClientStreamsCompletesAndAbortsAlike() throws Exception {
        try (JettyUpstream https = new JettyUpstream(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp"))) {
            Seen json = new Seen();
            https.send(loop, "POST", HttpFields.build().put("Content-Type", "application/json"),
                    "x".getBytes(StandardCharsets.UTF_8), json);
            assertThat(String.join("", json.done.get(10, TimeUnit.SECONDS))).isEqualTo("HTTP 200{\"echo\":\"POST x\"}end");
        }
        try (JettyUpstream https = new JettyUpstream(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/stream"))) {
            Seen seen = new Seen();
            https.send(loop, "GET", HttpFields.build(), null, seen);
            assertThat(seen.firstPart.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.done).isNotDone();
            release.countDown();
            assertThat(String.join("", seen.done.get(10, TimeUnit.SECONDS))).isEqualTo("HTTP 200data: 1\n\ndata: 2\n\nend");
        }
        try (JettyUpstream https = new JettyUpstream(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/slow"))) {
            Seen seen = new Seen();
            https.send(loop, "GET", HttpFields.build(), null, seen).abort(new IOException("the agent went away"));
            assertThat(seen.done.get(10, TimeUnit.SECONDS)).containsExactly("failed: the agent went away");
        }
    }

    @Test
    void aServerThatCannotBeReachedFailsTheCall() throws Exception {
        int port = connector.getLocalPort();
        upstream.stop();
        client = new WireClient(URI.create("http://127.0.0.1:" + port + "/mcp"), 10_000);
        assertThat(call(client, "GET", null)).singleElement().asString().startsWith("failed: ");
    }
}
