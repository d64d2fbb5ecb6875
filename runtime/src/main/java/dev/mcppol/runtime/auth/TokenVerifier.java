package dev.mcppol.runtime.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.mcppol.runtime.json.Json;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks one JWT access token: signature by a key of the issuer's JWKS under an asymmetric algorithm
 * (never {@code none}, never HMAC: a public key must not double as a shared secret), {@code typ}
 * absent, {@code JWT} or {@code at+jwt} (RFC 9068), exact {@code iss}, the proxy's own resource in
 * {@code aud} (RFC 8707), {@code exp} present and {@code nbf} respected with the configured skew, the
 * identity claim a non-empty string, and every required scope. Thread-safe.
 */
public final class TokenVerifier {
    /** Asymmetric algorithms only. HS256/384/512 are absent on purpose, and so is {@code none}. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    /** Longer than any real access token; bounds the work a garbage header can cause. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final AuthOptions options;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(AuthOptions options) {
        this(options, SigningKeys.open(options.jwks()));
    }

    TokenVerifier(AuthOptions options, JWKSource<SecurityContext> keys) {
        this.options = options;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(options.resource().toString()),
                new JWTClaimsSet.Builder().issuer(options.issuer()).build(),
                Set.of("iss", "aud", "exp", options.identityClaim()),
                null);
        claims.setMaxClockSkew(options.skewSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    public AuthOptions options() {
        return options;
    }

    /** Verifies a bearer token (the text after {@code Bearer }). */
    public Verification verify(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            return invalid("the token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        JWTClaimsSet claims;
        try {
            // SignedJWT.parse refuses an unsecured (alg none) token outright.
            claims = processor.process(SignedJWT.parse(token), null);
        } catch (ParseException e) {
            return invalid("not a signed JWT: " + e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            return invalid(e.getMessage());
        } catch (RuntimeException e) {
            return invalid("the token could not be checked: " + e.getMessage());
        }
        Object id = claims.getClaim(options.identityClaim());
        if (!(id instanceof String s) || s.isEmpty()) {
            return invalid("claim " + options.identityClaim() + " (the identity) is not a non-empty string");
        }
        Set<String> scopes = scopes(claims);
        List<String> missing = options.requiredScopes().stream().filter(r -> !scopes.contains(r)).toList();
        if (!missing.isEmpty()) {
            return new Verification.Rejected(403, "insufficient_scope", "the token lacks scope " + String.join(" ", missing));
        }
        JsonNode json = Json.MAPPER.valueToTree(claims.toJSONObject());
        return new Verification.Verified(s, json, scopes);
    }

    /** {@code scope} (RFC 9068: space-separated) and {@code scp} (a list, as Entra and Okta write it). */
    static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> out = new LinkedHashSet<>();
        Object scope = claims.getClaim("scope");
        if (scope instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        Object scp = claims.getClaim("scp");
        if (scp instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
        } else if (scp instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    private static Verification invalid(String why) {
        return new Verification.Rejected(401, "invalid_token", why);
    }
}
