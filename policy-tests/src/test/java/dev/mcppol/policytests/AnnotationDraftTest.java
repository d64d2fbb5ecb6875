package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import org.junit.jupiter.api.Test;

/** Which rule each combination of MCP annotations gets. */
class AnnotationDraftTest {

    static AnnotationDraft.Kind kind(String annotations) {
        return AnnotationDraft.kind(Json.MAPPER.readTree(annotations));
    }

    @Test
    void hintsDecideTheStartingRule() {
        assertThat(kind("{\"readOnlyHint\": true}")).isEqualTo(AnnotationDraft.Kind.READ);
        assertThat(kind("{\"readOnlyHint\": true, \"openWorldHint\": true}")).isEqualTo(AnnotationDraft.Kind.READ_OUTSIDE);
        assertThat(kind("{\"readOnlyHint\": true, \"destructiveHint\": true}")).as("read-only wins: it cannot destroy")
                .isEqualTo(AnnotationDraft.Kind.READ);
        assertThat(kind("{\"readOnlyHint\": false, \"destructiveHint\": true}")).isEqualTo(AnnotationDraft.Kind.DESTRUCTIVE);
        assertThat(kind("{\"destructiveHint\": false}")).isEqualTo(AnnotationDraft.Kind.ADDITIVE);
        assertThat(kind("{}")).isEqualTo(AnnotationDraft.Kind.UNKNOWN);
        assertThat(kind("{\"title\": \"x\", \"openWorldHint\": true}")).isEqualTo(AnnotationDraft.Kind.UNKNOWN);
        assertThat(kind("{\"readOnlyHint\": \"yes\"}")).as("a hint that is not a boolean says nothing")
                .isEqualTo(AnnotationDraft.Kind.UNKNOWN);
    }

    @Test
    void everyToolGetsACommentAndARule() {
        String policy = AnnotationDraft.of(Json.MAPPER.readTree("{\"tools\": [{\"name\": \"a\", \"annotations\": "
                + "{\"readOnlyHint\": true}}, {\"name\": \"b-2\"}]}")).policy("p", "t.json");
        assertThat(policy).contains("# a: readOnlyHint, so it only reads: allowed\ntool a { allow }\n")
                .contains("# b-2: no readOnlyHint or destructiveHint, so what it does is unknown: denied until you decide\n"
                        + "tool b-2 { deny reason \"b-2 announces no annotations: allow it once you know what it does\" }\n");
    }
}
