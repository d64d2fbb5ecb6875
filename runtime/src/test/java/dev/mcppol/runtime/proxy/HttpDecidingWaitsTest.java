package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcppol.runtime.auth.AuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Where deciding can wait on the network (here: the issuer's signing keys, fetched on the first
 * token), it runs on workers: one request stuck waiting holds one worker, and the others are
 * answered meanwhile. A pool that never grew past one thread answered nobody until the keys came.
 */
class HttpDecidingWaitsTest {
    private static final String RESOURCE = "https://mcp.example.test/mcp";

    @Test
    void aRequestWaitingOnTheIssuerHoldsOneWorkerNotTheProxy() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Server issuer = new Server();
        ServerConnector c = new ServerConnector(issuer);
        c.setHost("127.0.0.1");
        c.setPort(0);
        issuer.addConnector(c);
        issuer.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                fetching.countDown();
                release.await(30, TimeUnit.SECONDS); // a slow issuer
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(new JWKSet(key.toPublicJWK()).toString()
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        issuer.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (WitnessUpstream upstream = new WitnessUpstream();
             ProxyRunner runner = ProxyRunner.prepare(new ProxyConfig()
                     .bundle(BundleSource.file(TestServers.bundle("everything")))
                     .listen("127.0.0.1:0").upstream(upstream.endpoint())
                     .auth(new AuthOptions("http://127.0.0.1:" + c.getLocalPort() + "/jwks", TestTokens.ISSUER,
                             URI.create(RESOURCE), List.of(), null, 30)), System.err);
             HttpProxy proxy = runner.startHttp()) {
            long now = System.currentTimeMillis();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER).subject("alice").audience(RESOURCE)
                            .expirationTime(new Date(now + 600_000)).build());
            jwt.sign(new RSASSASigner(key));
            CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(HttpRequest.newBuilder(proxy.endpoint())
                    .header("Authorization", "Bearer " + jwt.serialize())
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            try {
                assertThat(fetching.await(20, TimeUnit.SECONDS)).as("the proxy asks the issuer for its keys").isTrue();
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + proxy.port() + "/healthz"))
                        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(waiting).as("answered while the other request still waits on the issuer").isNotDone();
            } finally {
                release.countDown();
            }
            assertThat(waiting.get(20, TimeUnit.SECONDS).statusCode()).isNotEqualTo(502);
        } finally {
            issuer.stop();
        }
    }
}
