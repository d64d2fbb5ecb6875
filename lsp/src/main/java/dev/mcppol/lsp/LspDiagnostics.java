package dev.mcppol.lsp;

import dev.mcppol.compiler.diag.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** A compiler finding as a protocol diagnostic: same code, range from its span, message and help. */
final class LspDiagnostics {

    static final String SOURCE = "mcppol";

    private LspDiagnostics() {
    }

    /**
     * @param file  the document's name as the compiler saw it; findings in other files (a broken
     *              snapshot) are shown at the top of the document, with their own location in the text
     */
    static org.eclipse.lsp4j.Diagnostic of(Diagnostic d, String file, TextLines lines) {
        boolean here = d.span().file().equals(file) && d.span().known();
        Range range = here ? lines.range(d.span()) : new Range(new Position(0, 0), new Position(0, 0));
        String message = (here || !d.span().known() && d.span().file().equals(file) ? "" : d.span().location() + ": ")
                + d.message() + (d.help() != null ? "\nhelp: " + d.help() : "");
        org.eclipse.lsp4j.Diagnostic out = new org.eclipse.lsp4j.Diagnostic(range, message,
                Analyzer.severity(d.severity()), SOURCE, d.code());
        return out;
    }
}
