package dev.mcppol.compiler.dsl;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Span;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Turns ANTLR's lexer and parser errors into diagnostics; recovery continues, so all are reported. */
final class SyntaxErrorCollector extends BaseErrorListener {

    private final String file;
    private final Diagnostics diagnostics;

    SyntaxErrorCollector(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                            RecognitionException e) {
        int width = 1;
        if (offendingSymbol instanceof Token t && t.getType() != Token.EOF && t.getText() != null) {
            width = Math.max(1, t.getText().length());
        }
        String message = msg.replace("<EOF>", "end of file");
        diagnostics.error(DiagnosticKind.SYNTAX, new Span(file, line, col + 1, line, col + width), message);
    }
}
