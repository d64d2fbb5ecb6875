package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.auth.ResourceGuard;
import dev.mcppol.runtime.auth.SessionOwners;
import dev.mcppol.runtime.auth.UpstreamHeader;
import dev.mcppol.runtime.auth.Verification;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;

/**
 * What the HTTP proxy does about credentials. With a {@link ResourceGuard} (the {@code --auth-*}
 * flags): every request to the MCP endpoint needs a valid bearer token before anything is read or
 * forwarded, the identity is the token's verified claim, each session belongs to the identity that
 * opened it, and the agent's {@code Authorization} header never goes upstream. Without one, requests
 * pass as before. Either way, {@code --upstream-header} values are set on every upstream request.
 */
final class HttpAuthentication {
    static final HttpAuthentication NONE = new HttpAuthentication(null, List.of());

    private final ResourceGuard guard;
    private final List<UpstreamHeader> upstreamHeaders;
    private final SessionOwners owners;

    HttpAuthentication(ResourceGuard guard, List<UpstreamHeader> upstreamHeaders) {
        this.guard = guard;
        this.upstreamHeaders = List.copyOf(upstreamHeaders);
        this.owners = guard == null ? null : new SessionOwners(HttpProxy.MAX_SESSIONS);
    }

    boolean enabled() {
        return guard != null;
    }

    ResourceGuard guard() {
        return guard;
    }

    boolean isMetadataPath(String path) {
        return guard != null && guard.isMetadataPath(path);
    }

    /** Null when authentication is off; else the request's verification. */
    Verification check(HttpFields headers) {
        return guard == null ? null : guard.check(headers.getValuesList("Authorization"));
    }

    /** False when {@code identity} may not use this session: another identity opened it. */
    boolean mayUse(String session, String identity) {
        return owners == null || owners.claim(session, identity);
    }

    void ended(String session) {
        if (owners != null) {
            owners.forget(session);
        }
    }

    /** Whether a client header is copied upstream: never the agent's token, never one the proxy sets itself. */
    boolean copies(String lowerCaseName) {
        if (guard != null && lowerCaseName.equals("authorization")) {
            return false;
        }
        for (UpstreamHeader h : upstreamHeaders) {
            if (h.name().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return false;
            }
        }
        return true;
    }

    void addUpstreamHeaders(HttpFields.Mutable to) {
        for (UpstreamHeader h : upstreamHeaders) {
            to.put(h.name(), h.value());
        }
    }
}
