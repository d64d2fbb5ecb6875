package dev.mcppol.runtime.proxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://} servers, spoken to over real TLS (a Jetty server with certificates made by the JDK's
 * keytool): a call goes through when the certificate is trusted and names the host; a certificate the
 * trust store does not hold, or one for another name, fails the call before anything is sent.
 */
class JettyUpstreamTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private Server server;
    private WireLoop loop;

    @BeforeAll
    static void certificates() throws Exception {
        certificate("loopback", "ip:127.0.0.1");
        certificate("other", "dns:other.example");
    }

    /** A key store {@code name.p12} with a self-signed certificate for {@code san}, and a trust store holding it. */
    private static void certificate(String name, String san) throws Exception {
        Path keys = dir.resolve(name + ".p12");
        Path cert = dir.resolve(name + ".crt");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-validity", "2", "-keystore", keys.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", name, "-keystore", keys.toString(), "-storepass", PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-keystore",
                dir.resolve(name + "-trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + out);
        }
    }

    /** An https server on loopback presenting the certificate {@code name}; answers every POST with its body. */
    private int serve(String name) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(dir.resolve(name + ".p12").toString());
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        server = new Server();
        ServerConnector connector = new ServerConnector(server, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(("{\"echo\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        loop = new WireLoop("tls-test-loop", m -> { });
        return connector.getLocalPort();
    }

    private static SslContextFactory.Client trusting(String name) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStorePath(dir.resolve(name + "-trust.p12").toString());
        tls.setTrustStorePassword(PASSWORD);
        tls.setTrustStoreType("PKCS12");
        return tls;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (loop != null) {
            loop.close();
        }
    }

    /** What the listener heard: "HTTP status", the parts, then "end" or "failed: why". */
    private static String post(JettyUpstream upstream, WireLoop loop) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        StringBuilder heard = new StringBuilder();
        upstream.send(loop, "POST", HttpFields.build().put("Content-Type", "application/json"),
                "hi".getBytes(StandardCharsets.UTF_8), new Upstream.Listener() {
                    public void head(int status, HttpFields headers) {
                        heard.append("HTTP ").append(status);
                    }

                    public void content(ByteBuffer part, Runnable next) {
                        heard.append(StandardCharsets.UTF_8.decode(part));
                        next.run();
                    }

                    public void complete() {
                        done.complete(heard.append("end").toString());
                    }

                    public void failed(Throwable why) {
                        done.complete("failed: " + why);
                    }
                });
        return done.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aTrustedCertificateForTheHostCarriesTheCall() throws Exception {
        int port = serve("loopback");
        try (JettyUpstream up = new JettyUpstream(URI.create("https://127.0.0.1:" + port + "/mcp"), trusting("loopback"))) {
            assertThat(post(up, loop)).isEqualTo("HTTP 200{\"echo\":\"hi\"}end");
        }
    }

    @Test
    void aCertificateTheTrustStoreDoesNotHoldFailsTheCall() throws Exception {
        int port = serve("loopback");
        try (JettyUpstream up = new JettyUpstream(URI.create("https://127.0.0.1:" + port + "/mcp"))) {
            assertThat(post(up, loop)).startsWith("failed: ").containsIgnoringCase("certificat");
        }
        try (JettyUpstream up = new JettyUpstream(URI.create("https://127.0.0.1:" + port + "/mcp"), trusting("other"))) {
            assertThat(post(up, loop)).startsWith("failed: ");
        }
    }

    @Test
    void aTrustedCertificateForAnotherNameFailsTheCall() throws Exception {
        int port = serve("other");
        try (JettyUpstream up = new JettyUpstream(URI.create("https://127.0.0.1:" + port + "/mcp"), trusting("other"))) {
            assertThat(post(up, loop)).startsWith("failed: ");
        }
    }
}
