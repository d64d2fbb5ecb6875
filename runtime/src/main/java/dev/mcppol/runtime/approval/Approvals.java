package dev.mcppol.runtime.approval;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What approving means, over any {@link ApprovalStore}: the one place that decides whether a call an
 * {@code ask} rule stopped is admitted by a person's approval, that queues new requests, and that
 * approves, denies and expires them. Every approval is bound to tool + argument hash + the caller
 * (identity, else session) and admits nothing else; a once-only approval admits one call (compare and
 * set in the store, so two replicas cannot both use it); a grant admits the same call until it ends.
 */
public final class Approvals {

    /** Settings; the defaults are documented in docs/APPROVALS.md. */
    public record Settings(long pendingMillis, int maxPendingPerCaller, int maxRecords, long keepMillis) {
        public static Settings defaults() {
            return new Settings(24L * 3600 * 1000, 20, 10_000, 7L * 24 * 3600 * 1000);
        }
    }

    private final ApprovalStore store;
    private final Settings settings;
    private final ApprovalIds ids = new ApprovalIds();

    public Approvals(ApprovalStore store, Settings settings) {
        this.store = store;
        this.settings = settings;
    }

    public ApprovalStore store() {
        return store;
    }

    /**
     * The approval that admits this call now, if any; a once-only approval is marked used in the same
     * step, so the call must then be forwarded.
     */
    public Optional<Approval> use(String tool, JsonNode arguments, String session, String identity, long now) {
        return useHash(tool, ArgumentHash.of(tool, arguments), session, identity, now);
    }

    /**
     * {@link #use} for a call whose {@link ArgumentHash} is already known (a replay takes it from the
     * recording, where the arguments it was computed over are redacted).
     */
    public Optional<Approval> useHash(String tool, String hash, String session, String identity, long now) {
        for (Approval a : store.all()) {
            if (a.status() != ApprovalStatus.APPROVED || !a.binds(tool, hash, session, identity)) {
                continue;
            }
            if (now >= a.expiresAt()) {
                store.replace(a, a.withStatus(ApprovalStatus.EXPIRED));
                continue;
            }
            if (a.grantMillis() > 0) {
                return Optional.of(a);
            }
            if (store.replace(a, a.withStatus(ApprovalStatus.USED))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * The pending request for this call: the one already waiting for the same call from the same caller,
     * or a new one. Refused (an {@link ApprovalException}) when the caller already has too many pending,
     * so an agent cannot flood the queue.
     */
    public Approval request(String tool, JsonNode arguments, JsonNode summary, String session, String identity,
                            String rule, String reason, List<String> approvers, long grantMillis, long now) {
        return requestHash(tool, ArgumentHash.of(tool, arguments), summary, session, identity, rule, reason, approvers,
                grantMillis, now);
    }

    /** {@link #request} for a call whose {@link ArgumentHash} is already known. */
    public Approval requestHash(String tool, String hash, JsonNode summary, String session, String identity,
                                String rule, String reason, List<String> approvers, long grantMillis, long now) {
        int pending = 0;
        List<Approval> all = store.all();
        for (Approval a : all) {
            if (a.status() != ApprovalStatus.PENDING) {
                continue;
            }
            if (now >= a.expiresAt()) {
                store.replace(a, a.withStatus(ApprovalStatus.EXPIRED));
                continue;
            }
            if (a.binds(tool, hash, session, identity)) {
                return a;
            }
            if (sameCaller(a, session, identity)) {
                pending++;
            }
        }
        if (pending >= settings.maxPendingPerCaller()) {
            throw new ApprovalException("too many approval requests are waiting for " + caller(session, identity)
                    + " (" + settings.maxPendingPerCaller() + "); ask a person to decide them first");
        }
        prune(all, now);
        Approval a = new Approval(ids.next(), ApprovalStatus.PENDING, tool, hash, summary, session, identity, rule,
                reason, approvers, grantMillis, now, now + settings.pendingMillis(), null, 0, null);
        if (!store.create(a)) {
            throw new IllegalStateException("approval id collision: " + a.id());
        }
        return a;
    }

    /**
     * A person approves a pending request. {@code forMillis} overrides the rule's grant (0 = once, null =
     * the rule's). When the rule names approvers, {@code by} must be one of them.
     */
    public Approval approve(String id, String by, String note, Long forMillis, long now) {
        Approval a = pending(id, now);
        checkApprover(a, by);
        long grant = forMillis != null ? forMillis : a.grantMillis();
        long until = grant > 0 ? now + grant : now + settings.pendingMillis();
        Approval approved = new Approval(a.id(), ApprovalStatus.APPROVED, a.tool(), a.argumentsHash(), a.summary(),
                a.session(), a.identity(), a.rule(), a.reason(), a.approvers(), grant, a.createdAt(), until, by, now, note);
        if (!store.replace(a, approved)) {
            throw new ApprovalException("approval " + id + " changed while approving it; look again with `mcppol approvals show " + id + "`");
        }
        return approved;
    }

    /** A person refuses a pending request; the agent's retry is then denied (and asks anew). */
    public Approval deny(String id, String by, String note, long now) {
        Approval a = pending(id, now);
        checkApprover(a, by);
        Approval denied = a.decided(ApprovalStatus.DENIED, by, now, note, a.expiresAt());
        if (!store.replace(a, denied)) {
            throw new ApprovalException("approval " + id + " changed while denying it; look again with `mcppol approvals show " + id + "`");
        }
        return denied;
    }

    /**
     * Records a decision a person took in the session itself (MCP elicitation), for the audit trail, and
     * as a grant when the rule gives one ({@code approve for}), so the same call is not asked again.
     *
     * @param hash the call's {@link ArgumentHash}
     */
    public Approval recordElicited(String tool, String hash, JsonNode summary, String session, String identity,
                                   String rule, String reason, List<String> approvers, long grantMillis,
                                   boolean approved, String by, String note, long now) {
        ApprovalStatus status = !approved ? ApprovalStatus.DENIED
                : grantMillis > 0 ? ApprovalStatus.APPROVED : ApprovalStatus.USED;
        long until = approved && grantMillis > 0 ? now + grantMillis : now;
        Approval a = new Approval(ids.next(), status, tool, hash, summary, session, identity, rule, reason, approvers,
                grantMillis, now, until, by, now, note);
        prune(store.all(), now);
        store.create(a);
        return a;
    }

    /** Every record, with requests and grants past their time shown (and stored) as expired. */
    public List<Approval> list(long now) {
        List<Approval> all = store.all();
        return all.stream().map(a -> expireIfDue(a, now)).toList();
    }

    public Optional<Approval> get(String id, long now) {
        return store.get(id).map(a -> expireIfDue(a, now));
    }

    private Approval expireIfDue(Approval a, long now) {
        boolean due = (a.status() == ApprovalStatus.PENDING || a.status() == ApprovalStatus.APPROVED)
                && now >= a.expiresAt();
        if (!due) {
            return a;
        }
        Approval expired = a.withStatus(ApprovalStatus.EXPIRED);
        store.replace(a, expired);
        return expired;
    }

    private Approval pending(String id, long now) {
        if (!ApprovalIds.valid(id)) {
            throw new ApprovalException("not an approval id: " + id + " (ids look like apr-abcdefghijklmnop)");
        }
        Approval a = store.get(id).orElseThrow(() -> new ApprovalException("no approval request " + id));
        a = expireIfDue(a, now);
        if (a.status() != ApprovalStatus.PENDING) {
            throw new ApprovalException("approval request " + id + " is " + a.status().word()
                    + (a.decidedBy() != null ? " (by " + a.decidedBy() + ")" : "") + "; only pending requests can be decided");
        }
        return a;
    }

    private static void checkApprover(Approval a, String by) {
        if (by == null || by.isBlank()) {
            throw new ApprovalException("say who decides (--by NAME): the decision log records it");
        }
        if (!a.approvers().isEmpty() && !a.approvers().contains(by)) {
            throw new ApprovalException("rule " + a.rule() + " names its approvers (" + String.join(", ", a.approvers())
                    + "); " + by + " is not one of them");
        }
    }

    /** Old decided records go first once the store is full, then those past the keeping time. */
    private void prune(List<Approval> all, long now) {
        int over = all.size() - settings.maxRecords() + 1;
        for (Approval a : all) {
            boolean decided = a.status() != ApprovalStatus.PENDING && a.status() != ApprovalStatus.APPROVED;
            boolean old = now - Math.max(a.createdAt(), a.decidedAt()) > settings.keepMillis();
            if (decided && (old || over > 0)) {
                store.remove(a.id());
                over--;
            }
        }
        if (over > 0) {
            throw new ApprovalException("the approvals store is full (" + settings.maxRecords()
                    + " requests waiting or granted); decide some with `mcppol approvals list`");
        }
    }

    private static boolean sameCaller(Approval a, String session, String identity) {
        return a.identity() != null ? a.identity().equals(identity)
                : identity == null && a.session() != null && a.session().equals(session);
    }

    private static String caller(String session, String identity) {
        return identity != null ? "identity " + identity : "session " + session;
    }
}
