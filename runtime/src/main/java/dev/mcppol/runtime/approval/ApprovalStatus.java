package dev.mcppol.runtime.approval;

/** Where an approval request stands. */
public enum ApprovalStatus {
    /** Waiting for a person. */
    PENDING,
    /** Approved: admits its call once, or until its grant ends. */
    APPROVED,
    /** Refused by a person. */
    DENIED,
    /** A once-only approval whose call was forwarded. */
    USED,
    /** Nobody decided in time, or the grant ran out. */
    EXPIRED;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
