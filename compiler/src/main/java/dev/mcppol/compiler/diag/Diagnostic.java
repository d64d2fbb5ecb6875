package dev.mcppol.compiler.diag;

import dev.mcppol.compiler.ir.Span;

/**
 * A finding about a policy: what kind, where, the one-line message, and optional help (a "did you
 * mean", a way out). Renderers (text, JSON, SARIF) are separate; checks only produce these values.
 */
public record Diagnostic(DiagnosticKind kind, Span span, String message, String help) {

    public static Diagnostic of(DiagnosticKind kind, Span span, String message) {
        return new Diagnostic(kind, span, message, null);
    }

    public Severity severity() {
        return kind.severity();
    }

    public String code() {
        return kind.code();
    }

    public boolean isError() {
        return kind.severity() == Severity.ERROR;
    }
}
