package dev.mcppol.compiler.semantics;

import static dev.mcppol.runtime.model.MethodKind.ELICITATION;
import static dev.mcppol.runtime.model.MethodKind.PROMPTS;
import static dev.mcppol.runtime.model.MethodKind.RESOURCES;
import static dev.mcppol.runtime.model.MethodKind.ROOTS;
import static dev.mcppol.runtime.model.MethodKind.SAMPLING;
import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static dev.mcppol.runtime.model.Outcome.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.runtime.engine.Decision;
import org.junit.jupiter.api.Test;

/**
 * Requests other than tools/call (docs/DESIGN.md, "Every MCP method"): resources, prompts and the
 * requests a server sends to the client are decided by sections of their own, through the engine, the
 * bundle read back and the reference interpreter alike.
 */
class MethodSectionsTest {

    private static final String POLICY = """
            default deny
            tool * { allow }
            default resources allow
            resource "file:///etc/*" { deny reason "system files" }
            resource "demo://resource/dynamic/*" {
              deny when resourceId == "3"
            }
            hide resource "secret://*"
            prompt simple-prompt { allow }
            prompt args-prompt {
              require city
              allow when city != "Atlantis"
            }
            hide prompt complex
            client sampling {
              deny when maxTokens > 1000 reason "too many tokens"
              allow limit 2 per 1m
            }
            client elicitation { deny }
            """;

    @Test
    void aToolGlobDoesNotReachResourcesOrPrompts() {
        Harness h = Harness.of(POLICY);
        assertThat(h.outcome("file:///etc/passwd", "{}")).isEqualTo(ALLOW); // a tool of that name, allowed by tool *
        assertThat(h.method(RESOURCES, "file:///etc/passwd", "{\"uri\":\"file:///etc/passwd\"}").outcome())
                .isEqualTo(DENY);
    }

    @Test
    void resourcesAreDecidedByUriGlobAndTemplateVariables() {
        Harness h = Harness.of(POLICY);
        Decision etc = h.method(RESOURCES, "file:///etc/passwd", "{\"uri\":\"file:///etc/passwd\"}");
        assertThat(etc.outcome()).isEqualTo(DENY);
        assertThat(etc.reason()).isEqualTo("system files");
        assertThat(h.method(RESOURCES, "file:///home/a", "{\"uri\":\"file:///home/a\"}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(RESOURCES, "demo://resource/dynamic/text/3",
                "{\"uri\":\"demo://resource/dynamic/text/3\",\"resourceId\":\"3\"}").outcome()).isEqualTo(DENY);
        assertThat(h.method(RESOURCES, "demo://resource/dynamic/text/2",
                "{\"uri\":\"demo://resource/dynamic/text/2\",\"resourceId\":\"2\"}").outcome()).isEqualTo(ALLOW);
        Decision hidden = h.method(RESOURCES, "secret://k", "{\"uri\":\"secret://k\"}");
        assertThat(hidden.outcome()).isEqualTo(DENY);
        assertThat(hidden.reason()).isEqualTo("resource secret://* is hidden by the policy");
    }

    @Test
    void promptsFollowThePolicysDefaultWhenTheirOwnIsNotSet() {
        Harness h = Harness.of(POLICY);
        assertThat(h.method(PROMPTS, "simple-prompt", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(PROMPTS, "args-prompt", "{\"city\":\"Paris\"}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(PROMPTS, "args-prompt", "{}").reason()).isEqualTo("missing required argument 'city'");
        assertThat(h.method(PROMPTS, "args-prompt", "{\"city\":\"Atlantis\"}").outcome()).isEqualTo(DENY);
        Decision other = h.method(PROMPTS, "other", "{}");
        assertThat(other.outcome()).isEqualTo(DENY);
        assertThat(other.reason()).isEqualTo("no rule allows prompt other (the policy's default is deny)");
    }

    @Test
    void samplingHasConditionsAndLimitsAndElicitationIsDenied() {
        Harness h = Harness.of(POLICY);
        assertThat(h.method(0, SAMPLING, "sampling", "{\"maxTokens\":5000,\"messages\":[]}").reason())
                .isEqualTo("too many tokens");
        assertThat(h.method(0, SAMPLING, "sampling", "{\"maxTokens\":100}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(1, SAMPLING, "sampling", "{\"maxTokens\":100}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(2, SAMPLING, "sampling", "{\"maxTokens\":100}").outcome()).isEqualTo(LIMIT);
        assertThat(h.method(60_000, SAMPLING, "sampling", "{\"maxTokens\":100}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(ELICITATION, "elicitation", "{\"message\":\"?\"}").outcome()).isEqualTo(DENY);
    }

    @Test
    void aKindThePolicyDoesNotNamePassesUnchecked() {
        Harness h = Harness.of(POLICY);
        assertThat(h.method(ROOTS, "roots", "{}")).isNull();
        assertThat(h.bundle.method(ROOTS)).isNull();
        assertThat(Harness.of("tool t { allow }\n").bundle.methods()).isEmpty();
    }

    @Test
    void samplingBudgetSumsMaxTokens() {
        Harness h = Harness.of("""
                client sampling { allow limit sum(maxTokens) <= 1000 per 1h }
                """);
        assertThat(h.method(0, SAMPLING, "sampling", "{\"maxTokens\":600}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(1, SAMPLING, "sampling", "{\"maxTokens\":600}").outcome()).isEqualTo(LIMIT);
        assertThat(h.method(2, SAMPLING, "sampling", "{\"maxTokens\":400}").outcome()).isEqualTo(ALLOW);
    }

    @Test
    void aNamedLimitCountsAcrossKinds() {
        Harness h = Harness.of("""
                limit shared = 2 per 1m
                tool t { allow limit shared }
                client sampling { allow limit shared }
                """);
        assertThat(h.call(0, "t", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(1, SAMPLING, "sampling", "{}").outcome()).isEqualTo(ALLOW);
        assertThat(h.method(2, SAMPLING, "sampling", "{}").outcome()).isEqualTo(LIMIT);
        assertThat(h.call(3, "t", "{}").outcome()).isEqualTo(LIMIT);
    }

    @Test
    void promptIsAStatementOnlyAtTheStartOfALine() {
        Harness h = Harness.of("""
                tool t {
                  deny when prompt contains "x"
                  allow
                }
                """);
        assertThat(h.outcome("t", "{\"prompt\":\"axb\"}")).isEqualTo(DENY);
        assertThat(h.outcome("t", "{\"prompt\":\"ab\"}")).isEqualTo(ALLOW);
    }

    @Test
    void unknownKindsAndItemsAreErrors() {
        assertThat(Harness.errorsOf("client samplin { allow }\n").all()).anySatisfy(d -> {
            assertThat(d.kind()).isEqualTo(DiagnosticKind.UNKNOWN_METHOD_KIND);
            assertThat(d.help()).contains("sampling");
        });
        assertThat(Harness.errorsOf("default resource deny\n").all())
                .anySatisfy(d -> assertThat(d.kind()).isEqualTo(DiagnosticKind.UNKNOWN_METHOD_KIND));
        assertThat(Harness.errorsOf("hide tool x\n").all())
                .anySatisfy(d -> assertThat(d.kind()).isEqualTo(DiagnosticKind.UNKNOWN_METHOD_KIND));
        assertThat(Harness.errorsOf("prompt p { validate }\n").all())
                .anySatisfy(d -> assertThat(d.kind()).isEqualTo(DiagnosticKind.ITEM_NOT_FOR_KIND));
        assertThat(Harness.errorsOf("hide resource file\n").all())
                .anySatisfy(d -> assertThat(d.kind()).isEqualTo(DiagnosticKind.BAD_VALUE));
    }
}
