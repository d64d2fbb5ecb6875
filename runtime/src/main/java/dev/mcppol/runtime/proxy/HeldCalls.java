package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.handler.SessionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.mcppol.runtime.proxy.wire.AgentExchange;

/**
 * The HTTP proxy's calls held for the user's approval, by session and the call's id: each keeps its
 * POST open as an {@link EventStream} until the user's answer (another POST) or the timer releases it.
 * The handler bounds how many calls one session holds, and the proxy how many sessions it keeps.
 */
final class HeldCalls {
    /** @param request the agent's POST of the call (its headers go to the server with the call) */
    record Held(AgentExchange request, SessionState session, EventStream stream) {
    }

    private final Map<String, Map<String, Held>> bySession = new HashMap<>();

    synchronized void put(String session, String callIdKey, Held h) {
        bySession.computeIfAbsent(session, k -> new LinkedHashMap<>()).put(callIdKey, h);
    }

    synchronized Held get(String session, String callIdKey) {
        Map<String, Held> calls = bySession.get(session);
        return calls == null ? null : calls.get(callIdKey);
    }

    synchronized Held remove(String session, String callIdKey) {
        Map<String, Held> calls = bySession.get(session);
        if (calls == null) {
            return null;
        }
        Held h = calls.remove(callIdKey);
        if (calls.isEmpty()) {
            bySession.remove(session);
        }
        return h;
    }

    /** One view of every session that holds a call now. */
    synchronized List<SessionState> sessions() {
        List<SessionState> out = new ArrayList<>(bySession.size());
        for (Map<String, Held> calls : bySession.values()) {
            out.add(calls.values().iterator().next().session());
        }
        return out;
    }
}
