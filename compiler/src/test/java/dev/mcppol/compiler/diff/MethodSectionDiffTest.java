package dev.mcppol.compiler.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code diff} on the sections of other kinds of request: a change to a named limit is said once, by the policy. */
class MethodSectionDiffTest {

    @Test
    void aNamedLimitOnlyToolsUseChangesNoOtherKind() {
        DiffReport r = SemanticDiffTest.diff("limit exec = 10 per 1m\ntool run { allow limit exec }\ndefault resources allow\n"
                + "client sampling { deny }\n", "limit exec = 20 per 1m\ntool run { allow limit exec }\n"
                + "default resources allow\nclient sampling { deny }\n");
        assertThat(r.limitChanges()).containsExactly("limit exec: 10 per 1m per session → 20 per 1m per session");
        assertThat(r.methods()).isEmpty();
        assertThat(DiffPrinter.render(r)).doesNotContain("resources:").doesNotContain("sampling:")
                .endsWith("1 tool differs (1 shown by a call)\n");
    }

    @Test
    void aKindThatConsumesTheLimitShowsItByACall() {
        DiffReport r = SemanticDiffTest.diff("limit exec = 10 per 1m\ntool run { allow limit exec }\n"
                + "client sampling { allow limit exec }\n", "limit exec = 20 per 1m\ntool run { allow limit exec }\n"
                + "client sampling { allow limit exec }\n");
        assertThat(r.methods()).containsOnlyKeys("sampling");
        assertThat(r.methods().get("sampling").limitChanges()).isEmpty();
        assertThat(r.methods().get("sampling").tools()).singleElement()
                .satisfies(d -> assertThat(d.kind()).isEqualTo(ToolDiff.Kind.LIMITS));
    }
}
