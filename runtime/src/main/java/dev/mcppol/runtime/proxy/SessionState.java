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
    private final Shared shared;

    private static final class Shared {
        final Set<String> pendingToolLists = ConcurrentHashMap.newKeySet();
        final Map<String, JsonNode> liveTools = new ConcurrentHashMap<>();
        /** Requests for resources/list, resources/templates/list, prompts/list awaiting their answer: id to method. */
        final Map<String, String> pendingLists = new ConcurrentHashMap<>();
        final Map<String, dev.mcppol.runtime.mcp.UriTemplate> templates = dev.mcppol.runtime.mcp.MethodPolicy.newTemplates();
    }

    public SessionState(String session, String identity) {
        this(session, identity, new Shared());
    }

    private SessionState(String session, String identity, Shared shared) {
        this.session = session;
        this.identity = identity;
        this.shared = shared;
    }

    /** The same session, for a message sent on behalf of {@code otherIdentity}. */
    public SessionState as(String otherIdentity) {
        return new SessionState(session, otherIdentity, shared);
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

    /** At most this many list requests await their answer (a client that never reads answers stays bounded). */
    private static final int MAX_PENDING_LISTS = 1024;

    void expectList(String idKey, String method) {
        if (idKey != null && shared.pendingLists.size() < MAX_PENDING_LISTS) {
            shared.pendingLists.put(idKey, method);
        }
    }

    /** The list method a response answers, or null. */
    String takeList(String idKey) {
        return idKey == null ? null : shared.pendingLists.remove(idKey);
    }

    /** The resource templates this session was shown, in list order. */
    Map<String, dev.mcppol.runtime.mcp.UriTemplate> templates() {
        return shared.templates;
    }

    void announced(String tool, JsonNode entry) {
        shared.liveTools.put(tool, entry);
    }

    JsonNode liveTool(String tool) {
        return shared.liveTools.get(tool);
    }
}
