package dev.mcppol.runtime.proxy;

import java.security.SecureRandom;

/**
 * The session id of a stdio proxy (one agent for the life of the process): {@code stdio-} and 8
 * hex digits. Short enough to read in reports and decision logs; random, so replicas sharing Redis
 * counters never share a session key by accident (2^32 values: a clash needs tens of thousands of
 * proxies alive on one store at once).
 */
final class StdioSessionIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StdioSessionIds() {
    }

    static String next() {
        return String.format("stdio-%08x", RANDOM.nextInt());
    }
}
