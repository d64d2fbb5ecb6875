package dev.mcppol.runtime.approval;

import java.nio.file.Path;

/** Where a proxy and the {@code mcppol approvals} CLI find the same approvals. */
public final class ApprovalStores {
    private ApprovalStores() {
    }

    /** The directory used when none is named: {@code $MCPPOL_APPROVALS}, else {@code ~/.mcppol/approvals}. */
    public static Path defaultDir() {
        String env = System.getenv("MCPPOL_APPROVALS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".mcppol", "approvals");
    }

    /** Redis when a URL is given (shared by replicas on several machines), else a directory. */
    public static ApprovalStore open(Path dir, String redisUrl, String redisPrefix) {
        if (redisUrl != null) {
            return new RedisApprovalStore(redisUrl, redisPrefix == null ? RedisApprovalStore.DEFAULT_PREFIX : redisPrefix);
        }
        return new FileApprovalStore(dir == null ? defaultDir() : dir);
    }
}
