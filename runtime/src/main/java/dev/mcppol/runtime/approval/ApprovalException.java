package dev.mcppol.runtime.approval;

/** A request about an approval that cannot be carried out (unknown id, already decided, not an approver). */
public final class ApprovalException extends RuntimeException {
    public ApprovalException(String message) {
        super(message);
    }
}
