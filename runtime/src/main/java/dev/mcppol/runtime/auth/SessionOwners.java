package dev.mcppol.runtime.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which verified identity opened each MCP session. A session id is a bearer capability of its own:
 * without this binding, anyone with a valid token who learns another user's {@code Mcp-Session-Id}
 * could act inside that session (MCP security best practices, "session hijacking"). The first
 * identity seen with a session owns it; any other is refused. Bounded like the proxy's session table.
 */
public final class SessionOwners {
    private final Map<String, String> owners;

    public SessionOwners(int maxSessions) {
        this.owners = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> e) {
                return size() > maxSessions;
            }
        });
    }

    /** True when {@code identity} may use {@code session}: it owns it, or the session was unowned (it now does). */
    public boolean claim(String session, String identity) {
        if (session == null) {
            return true;
        }
        String owner = owners.putIfAbsent(session, identity);
        return owner == null || owner.equals(identity);
    }

    public void forget(String session) {
        if (session != null) {
            owners.remove(session);
        }
    }
}
