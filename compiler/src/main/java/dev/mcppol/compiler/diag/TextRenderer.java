package dev.mcppol.compiler.diag;

import java.util.List;

/**
 * Renders diagnostics as compilers do:
 * <pre>
 * policy.mcppol:7:22: error[E006]: invalid regular expression: missing closing )
 *     deny when code matches /(os/
 *                            ^^^^^
 *   help: ...
 * </pre>
 */
public final class TextRenderer {

    private final SourceFiles sources;

    public TextRenderer(SourceFiles sources) {
        this.sources = sources;
    }

    public String render(List<Diagnostic> diagnostics) {
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            b.append(render(d));
        }
        return b.toString();
    }

    public String render(Diagnostic d) {
        StringBuilder b = new StringBuilder();
        b.append(d.span().location()).append(": ").append(d.severity().word()).append('[').append(d.code())
                .append("]: ").append(d.message()).append('\n');
        String line = d.span().known() ? sources.line(d.span().file(), d.span().line()) : null;
        if (line != null) {
            String shown = line.replace('\t', ' ');
            b.append("    ").append(shown).append('\n');
            int start = Math.max(1, d.span().col());
            int end = d.span().endLine() == d.span().line() ? Math.max(start, d.span().endCol()) : shown.length();
            end = Math.min(Math.max(end, start), Math.max(start, shown.length()));
            b.append("    ").append(" ".repeat(start - 1)).append("^".repeat(end - start + 1)).append('\n');
        }
        if (d.help() != null) {
            b.append("  help: ").append(d.help()).append('\n');
        }
        return b.toString();
    }

    public static String summary(Diagnostics ds) {
        long e = ds.errorCount();
        long w = ds.warningCount();
        return e + (e == 1 ? " error, " : " errors, ") + w + (w == 1 ? " warning" : " warnings");
    }
}
