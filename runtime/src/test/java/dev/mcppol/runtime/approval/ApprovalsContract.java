package dev.mcppol.runtime.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.runtime.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One contract for every approvals store: what an approval admits (exactly the call, caller and time
 * it names), once-only use across concurrent users, the queue's bounds, and survival across a restart.
 */
abstract class ApprovalsContract {

    /** A fresh, empty store. */
    abstract ApprovalStore newStore();

    /** A second store over the same records (another process, or the same one after a restart). */
    abstract ApprovalStore reopen(ApprovalStore store);

    static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    private static final long HOUR = 3_600_000L;

    Approvals approvals(ApprovalStore store) {
        return new Approvals(store, Approvals.Settings.defaults());
    }

    Approval ask(Approvals a, String args, String session, String identity, long grant, long now) {
        return a.request("send_email", json(args), json(args), session, identity, "mail", "a person approves mail",
                List.of(), grant, now);
    }

    @Test
    void aOnceOnlyApprovalAdmitsExactlyOneCall() {
        Approvals a = approvals(newStore());
        Approval req = ask(a, "{\"to\":\"x@y\"}", "s1", "alice", 0, 1000);
        assertThat(a.use("send_email", json("{\"to\":\"x@y\"}"), "s1", "alice", 1500)).isEmpty();
        a.approve(req.id(), "bob", "ok", null, 2000);
        assertThat(a.use("send_email", json("{\"to\":\"x@y\"}"), "s1", "alice", 3000)).isPresent();
        assertThat(a.use("send_email", json("{\"to\":\"x@y\"}"), "s1", "alice", 3001)).isEmpty();
        assertThat(a.get(req.id(), 4000).orElseThrow().status()).isEqualTo(ApprovalStatus.USED);
    }

    @Test
    void anApprovalNeverAdmitsOtherArgumentsOrAnotherCaller() {
        Approvals a = approvals(newStore());
        Approval req = ask(a, "{\"to\":\"x@y\",\"n\":5}", "s1", "alice", HOUR, 0);
        a.approve(req.id(), "bob", null, null, 10);
        assertThat(a.use("send_email", json("{\"to\":\"x@z\",\"n\":5}"), "s1", "alice", 20)).isEmpty();
        assertThat(a.use("send_email", json("{\"to\":\"x@y\",\"n\":6}"), "s1", "alice", 20)).isEmpty();
        assertThat(a.use("send_email", json("{\"to\":\"x@y\",\"n\":5,\"cc\":\"e@f\"}"), "s1", "alice", 20)).isEmpty();
        assertThat(a.use("delete_email", json("{\"to\":\"x@y\",\"n\":5}"), "s1", "alice", 20)).isEmpty();
        assertThat(a.use("send_email", json("{\"to\":\"x@y\",\"n\":5}"), "s1", "mallory", 20)).isEmpty();
        assertThat(a.use("send_email", json("{\"to\":\"x@y\",\"n\":5}"), "s1", null, 20)).isEmpty();
        // the same values spelled differently are the same call
        assertThat(a.use("send_email", json("{\"n\":5.0,\"to\":\"x@y\"}"), "s2", "alice", 20)).isPresent();
    }

    @Test
    void withoutIdentityAnApprovalIsBoundToItsSession() {
        Approvals a = approvals(newStore());
        Approval req = ask(a, "{}", "s1", null, HOUR, 0);
        a.approve(req.id(), "bob", null, null, 10);
        assertThat(a.use("send_email", json("{}"), "s2", null, 20)).isEmpty();
        assertThat(a.use("send_email", json("{}"), "s1", "alice", 20)).isEmpty();
        assertThat(a.use("send_email", json("{}"), "s1", null, 20)).isPresent();
    }

    @Test
    void aGrantAdmitsTheSameCallUntilItEnds() {
        Approvals a = approvals(newStore());
        Approval req = ask(a, "{}", "s1", "alice", 0, 0);
        a.approve(req.id(), "bob", null, HOUR, 1000);
        assertThat(a.use("send_email", json("{}"), "s1", "alice", 2000)).isPresent();
        assertThat(a.use("send_email", json("{}"), "s9", "alice", 1000 + HOUR - 1)).isPresent();
        assertThat(a.use("send_email", json("{}"), "s1", "alice", 1000 + HOUR)).isEmpty();
        assertThat(a.get(req.id(), 1000 + HOUR).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
    }

    @Test
    void aDeniedOrExpiredRequestAdmitsNothingAndCannotBeApprovedLater() {
        Approvals a = approvals(newStore());
        Approval denied = ask(a, "{\"k\":1}", "s1", "alice", 0, 0);
        a.deny(denied.id(), "bob", "no", 10);
        assertThat(a.use("send_email", json("{\"k\":1}"), "s1", "alice", 20)).isEmpty();
        assertThatThrownBy(() -> a.approve(denied.id(), "bob", null, null, 30)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("denied");
        Approval stale = ask(a, "{\"k\":2}", "s1", "alice", 0, 0);
        long later = Approvals.Settings.defaults().pendingMillis();
        assertThatThrownBy(() -> a.approve(stale.id(), "bob", null, null, later)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void namedApproversAloneMayDecide() {
        Approvals a = approvals(newStore());
        Approval req = a.request("send_email", json("{}"), json("{}"), "s1", "alice", "mail", "r", List.of("security"),
                0, 0);
        assertThatThrownBy(() -> a.approve(req.id(), "alice", null, null, 1)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("not one of them");
        assertThat(a.approve(req.id(), "security", null, null, 2).decidedBy()).isEqualTo("security");
    }

    @Test
    void theSameCallWaitsOnceAndACallerCannotFloodTheQueue() {
        Approvals a = approvals(newStore());
        Approval first = ask(a, "{\"n\":1}", "s1", "alice", 0, 0);
        assertThat(ask(a, "{\"n\":1}", "s1", "alice", 0, 5).id()).isEqualTo(first.id());
        for (int i = 2; i <= Approvals.Settings.defaults().maxPendingPerCaller(); i++) {
            ask(a, "{\"n\":" + i + "}", "s1", "alice", 0, i);
        }
        assertThatThrownBy(() -> ask(a, "{\"n\":999}", "s1", "alice", 0, 100)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("too many");
        // another caller is not affected
        assertThat(ask(a, "{\"n\":999}", "s2", "bob", 0, 100).status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void aOnceOnlyApprovalIsUsedByOneOfManyConcurrentReplicas() throws Exception {
        ApprovalStore store = newStore();
        Approvals a = approvals(store);
        Approval req = ask(a, "{}", "s1", "alice", 0, 0);
        a.approve(req.id(), "bob", null, null, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Boolean> replica = () -> {
                Approvals other = approvals(reopen(store));
                return other.use("send_email", json("{}"), "s1", "alice", 2).isPresent();
            };
            List<Future<Boolean>> results = pool.invokeAll(List.of(replica, replica, replica, replica, replica, replica));
            long admitted = 0;
            for (Future<Boolean> f : results) {
                if (f.get(30, TimeUnit.SECONDS)) {
                    admitted++;
                }
            }
            assertThat(admitted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requestsSurviveARestartOfTheStore() {
        ApprovalStore store = newStore();
        Approval req = ask(approvals(store), "{}", "s1", "alice", 0, 0);
        Approvals after = approvals(reopen(store));
        assertThat(after.get(req.id(), 1).orElseThrow()).isEqualTo(req);
        after.approve(req.id(), "bob", "fine", null, 2);
        assertThat(approvals(reopen(store)).use("send_email", json("{}"), "s1", "alice", 3)).isPresent();
    }

    @Test
    void idsThatAreNotApprovalIdsNeverReachTheStore() {
        Approvals a = approvals(newStore());
        assertThat(a.get("../../etc/passwd", 0)).isEmpty();
        assertThatThrownBy(() -> a.approve("apr-../x", "bob", null, null, 0)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("not an approval id");
    }
}
