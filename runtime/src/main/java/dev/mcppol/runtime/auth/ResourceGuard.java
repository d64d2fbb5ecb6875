package dev.mcppol.runtime.auth;

import dev.mcppol.runtime.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The proxy as an OAuth 2.1 protected resource (MCP authorization, RFC 6750, RFC 9728): reads the
 * {@code Authorization} header of each request, verifies its bearer token, and says how to answer a
 * request without a good one — 401 (or 403 for a missing scope) with a {@code WWW-Authenticate}
 * challenge that points at the protected-resource metadata, which this class also writes.
 */
public final class ResourceGuard {
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final TokenVerifier verifier;
    private final String metadataUrl;
    private final byte[] metadata;

    public ResourceGuard(TokenVerifier verifier) {
        this.verifier = verifier;
        AuthOptions o = verifier.options();
        URI r = o.resource();
        this.metadataUrl = r.getScheme() + "://" + r.getRawAuthority() + metadataPath(r);
        ObjectNode doc = Json.NODES.objectNode();
        doc.put("resource", r.toString());
        ArrayNode servers = doc.putArray("authorization_servers");
        servers.add(o.issuer());
        doc.putArray("bearer_methods_supported").add("header");
        ArrayNode algs = doc.putArray("resource_signing_alg_values_supported");
        TokenVerifier.ALGORITHMS.stream().map(a -> a.getName()).sorted().forEach(algs::add);
        if (!o.requiredScopes().isEmpty()) {
            ArrayNode scopes = doc.putArray("scopes_supported");
            o.requiredScopes().forEach(scopes::add);
        }
        this.metadata = Json.MAPPER.writeValueAsBytes(doc);
    }

    /**
     * Where RFC 9728 puts the metadata of a resource: the well-known prefix inserted before the
     * resource's path ({@code https://h/mcp} → {@code https://h/.well-known/oauth-protected-resource/mcp}).
     */
    static String metadataPath(URI resource) {
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        return WELL_KNOWN + path;
    }

    /** True for the paths the metadata is served at: the RFC 9728 one for the resource, and the bare prefix. */
    public boolean isMetadataPath(String path) {
        return WELL_KNOWN.equals(path) || metadataPath(verifier.options().resource()).equals(path);
    }

    public byte[] metadata() {
        return metadata.clone();
    }

    /** Checks the request's {@code Authorization} header values (all of them: two is an error). */
    public Verification check(List<String> authorization) {
        if (authorization.isEmpty()) {
            return new Verification.Rejected(401, null, "no bearer token");
        }
        if (authorization.size() > 1) {
            return new Verification.Rejected(401, "invalid_request", "more than one Authorization header");
        }
        String h = authorization.get(0).trim();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return new Verification.Rejected(401, null, "the Authorization header is not a Bearer token");
        }
        String token = h.substring(space + 1).trim();
        if (token.isEmpty()) {
            return new Verification.Rejected(401, "invalid_request", "empty bearer token");
        }
        return verifier.verify(token);
    }

    /** The {@code WWW-Authenticate} value for a refusal. */
    public String challenge(Verification.Rejected r) {
        StringBuilder b = new StringBuilder("Bearer resource_metadata=\"").append(metadataUrl).append('"');
        if (r.error() != null) {
            b.append(", error=\"").append(r.error()).append('"');
            b.append(", error_description=\"").append(quotable(r.description())).append('"');
        }
        if (!verifier.options().requiredScopes().isEmpty()) {
            b.append(", scope=\"").append(String.join(" ", verifier.options().requiredScopes())).append('"');
        }
        return b.toString();
    }

    /** RFC 6750: error_description is printable ASCII without {@code "} and {@code \}. */
    private static String quotable(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : (s == null ? "" : s).getBytes(StandardCharsets.US_ASCII)) {
            b.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? (char) c : '\'');
            if (b.length() >= 200) {
                break;
            }
        }
        return b.toString();
    }

    public String metadataUrl() {
        return metadataUrl;
    }
}
