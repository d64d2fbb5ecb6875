package dev.mcppol.compiler.diag;

import dev.mcppol.compiler.ir.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the findings of one run, so that every problem is reported, not only the first. */
public final class Diagnostics {

    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic d) {
        items.add(d);
    }

    public void error(DiagnosticKind kind, Span span, String message) {
        items.add(Diagnostic.of(kind, span, message));
    }

    public void error(DiagnosticKind kind, Span span, String message, String help) {
        items.add(new Diagnostic(kind, span, message, help));
    }

    public void addAll(Diagnostics other) {
        items.addAll(other.items);
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return items.stream().filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return items.size() - errorCount();
    }

    /** In source order: file, line, column. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(items);
        out.sort(Comparator.comparing((Diagnostic d) -> d.span().file()).thenComparingInt(d -> d.span().line())
                .thenComparingInt(d -> d.span().col()));
        return out;
    }

    public List<Diagnostic> all() {
        return List.copyOf(items);
    }
}
