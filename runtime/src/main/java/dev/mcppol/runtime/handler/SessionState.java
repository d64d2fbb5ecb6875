package dev.mcppol.runtime.handler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * What the {@link CallHandler} remembers about one MCP session: the requests whose answers it must
 * see (keyed by the id as the server receives it, each with what to do with the answer), and the tool
 * entries the server last announced (the session's input schemas, and the evidence for schema drift).
 * The {@link Caller} belongs to the message, not the session: on HTTP every request carries its own,
 * so {@link #as} gives a view with another caller over the same shared state.
 */
public final class SessionState {
    private final String session;
    private final Caller caller;
    private final Shared shared;

    private static final class Shared {
        final Map<String, ResponseHandler> awaited = new ConcurrentHashMap<>();
        final Map<String, JsonNode> liveTools = new ConcurrentHashMap<>();
        /** The resource templates the server listed, in list order: their variables feed resource conditions. */
        final Map<String, dev.mcppol.runtime.mcp.UriTemplate> templates = dev.mcppol.runtime.mcp.MethodPolicy.newTemplates();
    }

    public SessionState(String session, String identity) {
        this(session, Caller.of(identity), new Shared());
    }

    private SessionState(String session, Caller caller, Shared shared) {
        this.session = session;
        this.caller = caller;
        this.shared = shared;
    }

    /** The same session, for a message sent on behalf of {@code otherIdentity}. */
    public SessionState as(String otherIdentity) {
        return as(Caller.of(otherIdentity));
    }

    /** The same session, for a message sent by {@code other}. */
    public SessionState as(Caller other) {
        return new SessionState(session, other, shared);
    }

    /** The session id, or null (stateless HTTP, or before the server assigned one). */
    public String session() {
        return session;
    }

    public Caller caller() {
        return caller;
    }

    public String identity() {
        return caller.identity();
    }

    /**
     * Remembers that the answer to the request forwarded with {@code idKey} (see
     * {@link dev.mcppol.runtime.mcp.JsonRpc#idKey}) goes to {@code handler}. Forwarded-request id
     * remapping belongs here: the key is the id as the server receives it.
     */
    void awaitResponse(String idKey, ResponseHandler handler) {
        shared.awaited.put(idKey, handler);
    }

    /** The handler waiting for the response with {@code idKey}, removed; null when none waits. */
    ResponseHandler takeResponse(String idKey) {
        return idKey == null ? null : shared.awaited.remove(idKey);
    }

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
