package dev.mcppol.runtime.auth;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP proxy checks bearer tokens, as an OAuth 2.1 resource server (MCP authorization spec).
 *
 * @param jwks           where the issuer's signing keys are: an http(s) URL (fetched, cached, refreshed
 *                       on an unknown {@code kid} at a bounded rate) or a JWKS file
 * @param issuer         the exact {@code iss} every token must carry; also the authorization server the
 *                       protected-resource metadata names
 * @param resource       the proxy's own resource identifier (RFC 8707): every token's {@code aud} must
 *                       contain it; an absolute http(s) URL
 * @param requiredScopes scopes every token must carry (403 {@code insufficient_scope} otherwise)
 * @param identityClaim  the claim whose value is the identity (default {@code sub}); a token without it
 *                       is refused
 * @param skewSeconds    tolerance on {@code exp} and {@code nbf}
 */
public record AuthOptions(String jwks, String issuer, URI resource, List<String> requiredScopes, String identityClaim,
                          int skewSeconds) {

    public static final String DEFAULT_IDENTITY_CLAIM = "sub";
    public static final int DEFAULT_SKEW_SECONDS = 30;

    public AuthOptions {
        Objects.requireNonNull(jwks, "jwks");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(resource, "resource");
        requiredScopes = List.copyOf(requiredScopes);
        identityClaim = identityClaim == null ? DEFAULT_IDENTITY_CLAIM : identityClaim;
        if (skewSeconds < 0 || skewSeconds > 600) {
            throw new IllegalArgumentException("--auth-clock-skew must be between 0 and 600 seconds (got " + skewSeconds + ")");
        }
        if (!resource.isAbsolute() || resource.getHost() == null
                || !("http".equals(resource.getScheme()) || "https".equals(resource.getScheme()))) {
            throw new IllegalArgumentException("--auth-audience must be the proxy's own resource URL, e.g. "
                    + "https://mcp.example.com/mcp (RFC 8707); got '" + resource + "'");
        }
        if (resource.getRawFragment() != null) {
            throw new IllegalArgumentException("--auth-audience must not have a fragment (RFC 8707): '" + resource + "'");
        }
        for (String s : requiredScopes) {
            if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
                throw new IllegalArgumentException("--auth-required-scope: '" + s + "' is not a scope token");
            }
        }
    }

    /** True when the JWKS is fetched over HTTP, false when it is read from a file. */
    public boolean jwksIsUrl() {
        return jwks.startsWith("http://") || jwks.startsWith("https://");
    }
}
