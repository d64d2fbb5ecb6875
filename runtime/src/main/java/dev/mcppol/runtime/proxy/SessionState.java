package dev.mcppol.runtime.proxy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * What the proxy remembers about one MCP session: which {@code tools/list} requests await their
 * answer (to filter exactly those responses), and the tool entries the server last announced (the
 * session's input schemas, and the evidence for schema drift). The identity belongs to the message,
 * not the session: on HTTP every request carries its own, so {@link #as} gives a view with another
 * identity over the same shared state.
 */
public final class SessionState {
    private final String session;
    private final String identity;
    private final JsonNode claims;
    private final Shared shared;

    private static final class Shared {
        final Set<String> pendingToolLists = ConcurrentHashMap.newKeySet();
        final Map<String, JsonNode> liveTools = new ConcurrentHashMap<>();
    }

    public SessionState(String session, String identity) {
        this(session, identity, null, new Shared());
    }

    private SessionState(String session, String identity, JsonNode claims, Shared shared) {
        this.session = session;
        this.identity = identity;
        this.claims = claims;
        this.shared = shared;
    }

    /** The same session, for a message sent on behalf of {@code otherIdentity}. */
    public SessionState as(String otherIdentity) {
        return new SessionState(session, otherIdentity, null, shared);
    }

    /** The same session, for a message sent by a verified identity with these token claims (null: none). */
    public SessionState as(String otherIdentity, JsonNode verifiedClaims) {
        return new SessionState(session, otherIdentity, verifiedClaims, shared);
    }

    /** The verified token's claims, or null when the transport verified none. */
    public JsonNode claims() {
        return claims;
    }

    /** The session id, or null (stateless HTTP, or before the server assigned one). */
    public String session() {
        return session;
    }

    public String identity() {
        return identity;
    }

    void expectToolList(String idKey) {
        shared.pendingToolLists.add(idKey);
    }

    boolean takeToolList(String idKey) {
        return idKey != null && shared.pendingToolLists.remove(idKey);
    }

    void announced(String tool, JsonNode entry) {
        shared.liveTools.put(tool, entry);
    }

    JsonNode liveTool(String tool) {
        return shared.liveTools.get(tool);
    }
}
