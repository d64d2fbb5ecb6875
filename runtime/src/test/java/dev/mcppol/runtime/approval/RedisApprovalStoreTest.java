package dev.mcppol.runtime.approval;

import dev.mcppol.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

class RedisApprovalStoreTest extends ApprovalsContract {
    private static RedisServer server;
    private final List<ApprovalStore> opened = new ArrayList<>();
    private final Map<ApprovalStore, String> prefixes = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void close() {
        synchronized (opened) {
            opened.forEach(ApprovalStore::close);
            opened.clear();
        }
    }

    @Override
    ApprovalStore newStore() {
        return open("test:" + UUID.randomUUID() + ":");
    }

    @Override
    ApprovalStore reopen(ApprovalStore store) {
        return open(prefixes.get(store));
    }

    private ApprovalStore open(String prefix) {
        RedisApprovalStore s = new RedisApprovalStore(server.url(), prefix);
        prefixes.put(s, prefix);
        synchronized (opened) {
            opened.add(s);
        }
        return s;
    }
}
