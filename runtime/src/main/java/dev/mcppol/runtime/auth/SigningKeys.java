package dev.mcppol.runtime.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The issuer's public signing keys. From a URL: fetched on first use, cached for five minutes, and
 * refetched when a token names a {@code kid} the cache does not hold — at most once every 30 seconds,
 * so a flood of tokens with made-up key ids cannot turn the proxy into a load generator against the
 * issuer. From a file: read once at start. Symmetric keys are dropped either way: a resource server
 * verifies signatures, it never shares a secret with the issuer.
 */
final class SigningKeys {
    static final long CACHE_MILLIS = 5 * 60_000L;
    static final long REFRESH_MIN_INTERVAL_MILLIS = 30_000L;
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int MAX_JWKS_BYTES = 512 * 1024;

    private SigningKeys() {
    }

    static JWKSource<SecurityContext> open(String jwks) {
        if (jwks.startsWith("http://") || jwks.startsWith("https://")) {
            try {
                return JWKSourceBuilder.create(URI.create(jwks).toURL(),
                                new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_JWKS_BYTES))
                        .cache(CACHE_MILLIS, TIMEOUT_MILLIS)
                        .rateLimited(REFRESH_MIN_INTERVAL_MILLIS)
                        .retrying(false)
                        .refreshAheadCache(false)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--auth-jwks: '" + jwks + "' is not a URL: " + e.getMessage(), e);
            }
        }
        Path file = Path.of(jwks);
        try {
            JWKSet set = JWKSet.parse(Files.readString(file)).toPublicJWKSet();
            if (set.isEmpty()) {
                throw new IllegalArgumentException("--auth-jwks: " + file + " holds no public key");
            }
            return new ImmutableJWKSet<>(set);
        } catch (IOException e) {
            throw new IllegalArgumentException("--auth-jwks: cannot read " + file + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("--auth-jwks: " + file + " is not a JWK set: " + e.getMessage(), e);
        }
    }
}
