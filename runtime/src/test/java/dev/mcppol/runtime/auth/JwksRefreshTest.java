package dev.mcppol.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Keys from a JWKS URL (a loopback HTTP server that counts its requests): fetched once, refetched
 * when the issuer rotates to a key the cache does not hold, and never more than that however many
 * tokens with made-up key ids arrive.
 */
class JwksRefreshTest {

    private static String token(RSAKey key, String kid) throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                new JWTClaimsSet.Builder().issuer("https://issuer.test").subject("alice").audience("https://mcp.test/mcp")
                        .expirationTime(new Date(now + 600_000)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void rotationIsFollowedAndUnknownKidsCannotMakeTheProxyHammerTheIssuer() throws Exception {
        RSAKey k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("x").generate();
        AtomicReference<String> jwks = new AtomicReference<>(new JWKSet(k1.toPublicJWK()).toString());
        AtomicInteger fetches = new AtomicInteger();
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                fetches.incrementAndGet();
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(jwks.get().getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + c.getLocalPort() + "/jwks";
            TokenVerifier v = new TokenVerifier(new AuthOptions(url, "https://issuer.test",
                    URI.create("https://mcp.test/mcp"), List.of(), null, 30));
            assertThat(fetches.get()).as("nothing fetched before the first token").isZero();
            assertThat(v.verify(token(k1, "k1"))).isInstanceOf(Verification.Verified.class);
            assertThat(v.verify(token(k1, "k1"))).isInstanceOf(Verification.Verified.class);
            assertThat(fetches.get()).as("cached").isEqualTo(1);

            jwks.set(new JWKSet(List.of(k1.toPublicJWK(), k2.toPublicJWK())).toString());
            assertThat(v.verify(token(k2, "k2"))).as("a rotated-in key is fetched on its first use")
                    .isInstanceOf(Verification.Verified.class);
            int afterRotation = fetches.get();
            assertThat(afterRotation).isEqualTo(2);

            for (int i = 0; i < 50; i++) {
                assertThat(v.verify(token(stranger, "made-up-" + i))).isInstanceOf(Verification.Rejected.class);
            }
            assertThat(fetches.get()).as("refetches on unknown key ids are rate limited")
                    .isLessThanOrEqualTo(afterRotation + 1);
            assertThat(v.verify(token(k1, "k1"))).isInstanceOf(Verification.Verified.class);
        } finally {
            server.stop();
        }
    }
}
