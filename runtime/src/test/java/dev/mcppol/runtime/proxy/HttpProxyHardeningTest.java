package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP listener under hostile clients, in front of the real server-everything (streamableHttp):
 * DNS rebinding on every path, label cardinality in /metrics, slowloris.
 */
class HttpProxyHardeningTest {
    private EverythingHttp server;
    private ProxyRunner runner;
    private HttpProxy proxy;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = EverythingHttp.start();
        runner = ProxyRunner.prepare(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .listen("127.0.0.1:0").upstream(server.url()), System.err);
        proxy = runner.startHttp();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** One raw HTTP/1.1 exchange (Connection: close); returns the status line and the body. */
    private String exchange(String method, String path, String host, String body) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            s.setSoTimeout(30_000);
            String req = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + "Accept: application/json, text/event-stream\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n" + (body == null ? "" : body);
            s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void metricsAndHealthAreRefusedToARebindingHost() throws Exception {
        String local = "127.0.0.1:" + proxy.port();
        assertThat(exchange("GET", "/healthz", local, null)).startsWith("HTTP/1.1 200").endsWith("ok\n");
        assertThat(exchange("GET", "/metrics", "localhost:" + proxy.port(), null)).startsWith("HTTP/1.1 200");
        for (String path : List.of("/metrics", "/healthz", "/mcp")) {
            String r = exchange("GET", path, "attacker.example:" + proxy.port(), null);
            assertThat(r).as(path).startsWith("HTTP/1.1 403").contains("host not allowed")
                    .doesNotContain("mcppol_decisions_total");
        }
        assertThat(exchange("GET", "/metrics", local + "\r\nOrigin: http://attacker.example", null))
                .startsWith("HTTP/1.1 403");
    }

    /**
     * An absolute-form target (RFC 9112 §3.2.2: a server must accept it) is answered like its path, and
     * its authority, not the Host header, is the host checked: a rebinding page cannot name a loopback
     * Host beside an attacker's authority, nor the other way round.
     */
    @Test
    void anAbsoluteFormTargetIsReadAndItsAuthorityIsTheHostChecked() throws Exception {
        String local = "127.0.0.1:" + proxy.port();
        assertThat(exchange("GET", "http://" + local + "/healthz", "attacker.example", null))
                .startsWith("HTTP/1.1 200").endsWith("ok\n");
        assertThat(exchange("GET", "HTTP://localhost:" + proxy.port() + "/metrics?x=1", local, null))
                .startsWith("HTTP/1.1 200").contains("mcppol_decisions_total");
        for (String target : List.of("http://attacker.example:" + proxy.port() + "/metrics",
                "http://attacker.example/healthz", "https://attacker.example:" + proxy.port() + "/mcp")) {
            String r = exchange("GET", target, local, null);
            assertThat(r).as(target).startsWith("HTTP/1.1 403").contains("host not allowed")
                    .doesNotContain("mcppol_decisions_total");
        }
        // User info names no host of its own; another scheme or form names no endpoint.
        for (String target : List.of("http://127.0.0.1@attacker.example/healthz", "ftp://" + local + "/healthz",
                local + "/healthz", "*")) {
            assertThat(exchange("GET", target, local, null)).as(target).startsWith("HTTP/1.1 404");
        }
    }

    /** The proxy's own answers do not advertise the HTTP stack and its version (a map of known flaws). */
    @Test
    void answersDoNotNameTheServerSoftware() throws Exception {
        String local = "127.0.0.1:" + proxy.port();
        for (String r : List.of(exchange("GET", "/healthz", local, null), exchange("GET", "/nowhere", local, null),
                exchange("GET", "/mcp", "attacker.example", null))) {
            String head = r.substring(0, r.indexOf("\r\n\r\n"));
            assertThat(head).doesNotContainIgnoringCase("\r\nServer:").doesNotContainIgnoringCase("jetty");
        }
        // nor do the HTTP stack's own error pages (a malformed request, a header too large)
        for (String raw : List.of("GET /mcp HTTP/1.1\r\nHost: " + local + "\r\nBad Header\r\nConnection: close\r\n\r\n",
                "GET /mcp HTTP/1.1\r\nHost: " + local + "\r\nX-Big: " + "x".repeat(20_000) + "\r\nConnection: close\r\n\r\n")) {
            try (Socket sock = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                sock.setSoTimeout(30_000);
                sock.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
                String r = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(r).startsWith("HTTP/1.1 4").doesNotContainIgnoringCase("jetty");
            }
        }
    }

    @Test
    void madeUpToolNamesShareOneMetricsLabel() throws Exception {
        String local = "127.0.0.1:" + proxy.port();
        String longName = "x".repeat(100_000);
        for (int i = 0; i < 200; i++) {
            String r = exchange("POST", "/mcp", local, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"" + longName + i + "\",\"arguments\":{}}}");
            assertThat(r).startsWith("HTTP/1.1 200").contains("\"isError\":true");
        }
        String metrics = exchange("GET", "/metrics", local, null);
        assertThat(metrics).contains("mcppol_decisions_total{outcome=\"deny\",tool=\"(unknown)\"} 200")
                .doesNotContain(longName);
        assertThat(metrics.length()).isLessThan(10_000);
    }

    @Test
    void slowClientsDoNotStarveOthers() throws Exception {
        // 400 connections (more than the 256 workers the proxy may decide on) that send their headers, promise a body and
        // trickle it a byte at a time.
        for (int i = 0; i < 400; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
            sockets.add(s);
            s.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.UTF_8));
        }
        Thread trickle = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (Socket s : sockets) {
                        s.getOutputStream().write(' ');
                    }
                    Thread.sleep(2000);
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        trickle.setDaemon(true);
        trickle.start();
        try {
            // Give the listener time to take every slow request in: a blocking body read would now hold
            // every worker (the wait ends early once they are all busy).
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until && proxy.busyThreads() < 250) {
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            String r = exchange("POST", "/mcp", "127.0.0.1:" + proxy.port(), "{\"jsonrpc\":\"2.0\",\"id\":1,"
                    + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(r).startsWith("HTTP/1.1 200").contains("serverInfo");
            System.out.println("normal client served in " + ms + " ms while 400 slow clients were connected, "
                    + proxy.busyThreads() + " workers busy");
            // The slow clients are still connected: the answer did not wait for them to be dropped.
            InputStream in = sockets.get(0).getInputStream();
            assertThat(in.available()).isZero();
            OutputStream out = sockets.get(399).getOutputStream();
            out.write(' ');
        } finally {
            trickle.interrupt();
        }
    }
}
