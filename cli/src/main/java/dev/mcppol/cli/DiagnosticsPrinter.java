package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.diag.TextRenderer;
import java.io.PrintWriter;

/** Prints a run's diagnostics as text, sorted by position, with a summary line when there are any. */
final class DiagnosticsPrinter {
    private DiagnosticsPrinter() {
    }

    static void print(CompileResult result, PrintWriter err) {
        if (result.diagnostics().all().isEmpty()) {
            return;
        }
        String text = new TextRenderer(result.sources()).render(result.diagnostics().sorted())
                + TextRenderer.summary(result.diagnostics());
        err.println(TerminalColour.enabled() ? TerminalColour.diagnostics(text) : text);
        err.flush();
    }
}
