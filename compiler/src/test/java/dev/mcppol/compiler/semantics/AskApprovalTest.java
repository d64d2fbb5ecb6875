package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.print.DslPrinter;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ask … approvers "…" approve for 1h}: written, checked, compiled, read back, and what an approved call consumes. */
class AskApprovalTest {

    private static final String POLICY = """
            default deny
            limit sends = 2 per 1h per session
            tool send_email {
              limit sends
              ask as outgoing approvers "security", "alice" approve for 1h reason "a person approves outgoing mail"
            }
            tool delete { ask as once_only }
            """;

    @Test
    void approvalSettingsReachTheBundleAndSurviveReading() {
        Harness h = Harness.of(POLICY);
        RuleInfo outgoing = h.reread.rules().stream().filter(r -> r.id().equals("outgoing")).findFirst().orElseThrow();
        assertThat(outgoing.approvers()).containsExactly("security", "alice");
        assertThat(outgoing.grantMillis()).isEqualTo(3_600_000L);
        RuleInfo once = h.reread.rules().stream().filter(r -> r.id().equals("once_only")).findFirst().orElseThrow();
        assertThat(once.approvers()).isEmpty();
        assertThat(once.grantMillis()).isZero();
        Decision d = h.call(0, "send_email", "{}");
        assertThat(d.outcome()).isEqualTo(Outcome.ASK);
        assertThat(d.rules().get(0).approvers()).containsExactly("security", "alice");
    }

    @Test
    void anApprovedCallConsumesTheToolsLimitsAndIsLimitedByThem() {
        Harness h = Harness.of(POLICY);
        Engine engine = new Engine(h.reread, new InMemoryLimiter());
        Call call = new Call("send_email", Json.MAPPER.readTree("{}"), "s1", "alice", 0, null);
        assertThat(engine.decide(call).outcome()).isEqualTo(Outcome.ASK);
        assertThat(engine.decideApproved(call, "bob").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(engine.decideApproved(call, "bob").outcome()).isEqualTo(Outcome.ALLOW);
        Decision third = engine.decideApproved(call, "bob");
        assertThat(third.outcome()).isEqualTo(Outcome.LIMIT);
        assertThat(third.limit()).isEqualTo("sends");
        // asking consumes nothing
        Engine fresh = new Engine(h.reread, new InMemoryLimiter());
        for (int i = 0; i < 5; i++) {
            assertThat(fresh.decide(call).outcome()).isEqualTo(Outcome.ASK);
        }
        assertThat(fresh.decideApproved(call, "bob").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void anApprovalNeverAdmitsWhatThePolicyDenies() {
        Harness h = Harness.of("""
                default deny
                tool t { deny when x == 1  ask as a }
                """);
        Engine engine = new Engine(h.reread, new InMemoryLimiter());
        Call denied = new Call("t", Json.MAPPER.readTree("{\"x\":1}"), "s1", null, 0, null);
        assertThat(engine.decideApproved(denied, "bob").outcome()).isEqualTo(Outcome.DENY);
        Call other = new Call("u", Json.MAPPER.readTree("{}"), "s1", null, 0, null);
        assertThat(engine.decideApproved(other, "bob").outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void printedPoliciesKeepTheirApprovalSettings() {
        Diagnostics d = new Diagnostics();
        Policy p = DslFrontEnd.parse("p.mcppol", POLICY, d);
        String printed = DslPrinter.print(p, d);
        assertThat(printed).contains("approvers \"security\", \"alice\" approve for 1h");
        Policy again = DslFrontEnd.parse("q.mcppol", printed, new Diagnostics());
        assertThat(again.rules().stream().filter(r -> r.id().equals("outgoing")).findFirst().orElseThrow().ask())
                .isEqualTo(p.rules().stream().filter(r -> r.id().equals("outgoing")).findFirst().orElseThrow().ask());
    }

    @Test
    void approvalSettingsBelongToAskRulesAndAreGivenOnce() {
        List<String> codes = errors("""
                tool t {
                  allow as a approvers "x"
                  deny as b approve for 1h
                  ask as c approvers "x" approvers "y"
                  ask as d approve for 1h approve for 2h
                  ask as e approve for 0s
                  ask as f approvers ""
                }
                """);
        assertThat(codes).containsExactly("E140 2:14", "E140 3:13", "E141 4:26", "E141 5:27", "E142 6:12", "E142 7:12");
    }

    private static List<String> errors(String text) {
        Diagnostics d = new Diagnostics();
        DslFrontEnd.parse("p.mcppol", text, d);
        return d.all().stream().filter(Diagnostic::isError)
                .map(x -> x.kind().code() + " " + x.span().line() + ":" + x.span().col()).toList();
    }

}
