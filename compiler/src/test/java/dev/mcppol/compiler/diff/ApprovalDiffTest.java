package dev.mcppol.compiler.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code diff} treats who approves an ask, and for how long, as part of its meaning. */
class ApprovalDiffTest {

    @Test
    void otherApproversOrAGrantTimeAreADifferenceShownByACall() {
        DiffReport r = SemanticDiffTest.diff("tool send { ask as s approvers \"ops\" }",
                "tool send { ask as s approvers \"ops\", \"security\" approve for 1h }");
        assertThat(r.equivalent()).isFalse();
        ToolDiff d = r.tools().get(0);
        assertThat(d.kind()).isEqualTo(ToolDiff.Kind.APPROVAL);
        assertThat(d.oldMeaning()).isEqualTo("ask (approvers ops)");
        assertThat(d.newMeaning()).isEqualTo("ask (approvers ops, security; approve for 1h)");
        assertThat(DiffPrinter.render(r)).contains("who approves, or for how long, changed");
    }

    @Test
    void approversInAnotherOrderAreTheSame() {
        assertThat(SemanticDiffTest.diff("tool send { ask approvers \"a\", \"b\" }", "tool send { ask approvers \"b\", \"a\" }")
                .equivalent()).isTrue();
    }

    @Test
    void theToolsLimitsAnApprovedCallConsumesAreCompared() {
        DiffReport r = SemanticDiffTest.diff("tool send { limit 5 per 1h\n ask }", "tool send { limit 6 per 1h\n ask }");
        assertThat(r.tools()).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo(ToolDiff.Kind.LIMITS));
    }
}
