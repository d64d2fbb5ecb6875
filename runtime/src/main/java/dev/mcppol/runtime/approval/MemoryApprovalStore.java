package dev.mcppol.runtime.approval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approvals in memory: for a replay ({@code mcppol test}), which starts every file from nothing, and a
 * single proxy that should not keep requests across restarts.
 */
public final class MemoryApprovalStore implements ApprovalStore {
    private final Map<String, Approval> records = new LinkedHashMap<>();

    @Override
    public synchronized boolean create(Approval a) {
        return records.putIfAbsent(a.id(), a) == null;
    }

    @Override
    public synchronized Optional<Approval> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public synchronized List<Approval> all() {
        List<Approval> out = new ArrayList<>(records.values());
        out.sort(Comparator.comparingLong(Approval::createdAt).thenComparing(Approval::id));
        return out;
    }

    @Override
    public synchronized boolean replace(Approval expected, Approval updated) {
        if (!expected.equals(records.get(expected.id()))) {
            return false;
        }
        records.put(updated.id(), updated);
        return true;
    }

    @Override
    public synchronized void remove(String id) {
        records.remove(id);
    }
}
