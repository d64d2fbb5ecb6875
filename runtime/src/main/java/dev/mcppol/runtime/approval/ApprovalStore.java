package dev.mcppol.runtime.approval;

import java.util.List;
import java.util.Optional;

/**
 * Where approval requests live, shared by every proxy replica and the {@code mcppol approvals} CLI: a
 * directory on one machine ({@link FileApprovalStore}) or Redis ({@link RedisApprovalStore}). Stores
 * only keep records; what approving, denying and using mean is {@link Approvals}'s, so both stores
 * behave the same (one contract suite runs against both).
 */
public interface ApprovalStore extends AutoCloseable {

    /** Adds a new record; false when one with this id exists. */
    boolean create(Approval a);

    Optional<Approval> get(String id);

    /** Every record, oldest first. */
    List<Approval> all();

    /**
     * Replaces {@code expected} by {@code updated} (same id) only when the stored record is still exactly
     * {@code expected}: two replicas using one once-only approval cannot both succeed.
     */
    boolean replace(Approval expected, Approval updated);

    /** Removes a record (housekeeping of old ones). */
    void remove(String id);

    @Override
    default void close() {
    }
}
