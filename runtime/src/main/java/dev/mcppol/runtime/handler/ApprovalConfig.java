package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.approval.Approvals;
import dev.mcppol.runtime.approval.MemoryApprovalStore;
import dev.mcppol.runtime.log.Redactor;
import java.util.List;

/**
 * How the handler gets a person's answer to an {@code ask} (docs/APPROVALS.md).
 *
 * @param mode          {@link Mode#AUTO}: ask the user through the client (MCP elicitation) when the client
 *                      declared it can, else queue; {@link Mode#QUEUE}: always queue; {@link Mode#OFF}: answer
 *                      every ask with "approval required" and keep nothing (mcppol before approvals)
 * @param approvals     the store of queued requests and grants
 * @param timeoutMillis how long a call waits for the user's answer to an elicitation before it is denied
 * @param canHold       whether the transport can hold a call while it asks the client (stdio and Streamable
 *                      HTTP can; an HTTP exchange that cannot carry the wait still queues, see
 *                      {@link SessionState#withoutHolding})
 * @param redactor      what a person may not see of the arguments: the proxy's own ({@code --redact} paths and
 *                      secret-looking values), applied to the question the user is asked and to the summary a
 *                      queued request keeps ({@code mcppol approvals show})
 */
public record ApprovalConfig(Mode mode, Approvals approvals, long timeoutMillis, boolean canHold, Redactor redactor) {

    public enum Mode { AUTO, QUEUE, OFF }

    public static final long DEFAULT_TIMEOUT_MILLIS = 120_000;

    /** Nothing approves: an ask is answered "approval required", as before approvals existed. */
    public static ApprovalConfig off() {
        return new ApprovalConfig(Mode.OFF, null, DEFAULT_TIMEOUT_MILLIS, false);
    }

    /**
     * A replay's: elicitation round trips replayed as recorded, queued requests kept in memory per file.
     *
     * @param timeoutMillis the recording proxy's {@code --approval-timeout} (the transcript header's
     *                      {@code approvalTimeoutMs}), so an answer that came too late there comes too late here
     */
    public static ApprovalConfig forReplay(long timeoutMillis) {
        return new ApprovalConfig(Mode.AUTO, new Approvals(new MemoryApprovalStore(), Approvals.Settings.defaults()),
                timeoutMillis, true);
    }

    /** With the secret-looking values redacted only (no {@code --redact} paths). */
    public ApprovalConfig(Mode mode, Approvals approvals, long timeoutMillis, boolean canHold) {
        this(mode, approvals, timeoutMillis, canHold, new Redactor(List.of()));
    }

    public ApprovalConfig {
        if (mode != Mode.OFF && approvals == null) {
            throw new IllegalArgumentException("approvals need a store");
        }
        java.util.Objects.requireNonNull(redactor, "redactor");
    }
}
