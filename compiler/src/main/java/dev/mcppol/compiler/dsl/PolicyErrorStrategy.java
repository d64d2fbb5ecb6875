package dev.mcppol.compiler.dsl;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.grammar.McpPolLexer;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * How the parser reports and recovers from a syntax error: one mistake, one error, in the
 * language's own words ({@link SyntaxMessages}). After an error, nothing more is reported until the
 * parser reaches the start of the next line that begins a statement or a rule ({@code tool},
 * {@code limit}, {@code allow}, {@code }} …): the tokens in between are skipped, so a mistake does
 * not echo as errors about what follows it.
 *
 * <p>The grammar knows nothing of this class; new statements or rule words only need to be added to
 * {@link #LINE_STARTS} (where a new line may restart parsing) and, for better wording, to
 * {@link SyntaxMessages}.
 */
final class PolicyErrorStrategy extends DefaultErrorStrategy {

    /** Tokens that, first on their line, begin a statement or a tool-block item: parsing resumes there. */
    static final IntervalSet LINE_STARTS = new IntervalSet();

    static {
        for (int t : new int[] {McpPolLexer.POLICY, McpPolLexer.TOOLS, McpPolLexer.TOOL, McpPolLexer.HIDE, McpPolLexer.DEFAULT, McpPolLexer.LIMIT,
                McpPolLexer.ALLOW, McpPolLexer.DENY, McpPolLexer.ASK, McpPolLexer.REQUIRE, McpPolLexer.VALIDATE,
                McpPolLexer.RBRACE}) {
            LINE_STARTS.add(t);
        }
    }

    private final String file;
    private final Diagnostics diagnostics;
    /** Set after an error is reported; cleared when a line-start token is matched. */
    private boolean suppressing;
    /**
     * The token index of each error and of each recovery (reported or not), so the front end lowers
     * only statements the parser read without one.
     */
    private final java.util.TreeSet<Integer> errorTokens = new java.util.TreeSet<>();

    PolicyErrorStrategy(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    @Override
    public void reportMatch(Parser recognizer) {
        Token t = recognizer.getCurrentToken();
        if (suppressing && isLineStart(recognizer.getInputStream(), t)) {
            suppressing = false;
        }
        super.reportMatch(recognizer);
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token offending = e.getOffendingToken();
        IntervalSet expected = e instanceof FailedPredicateException ? new IntervalSet()
                : e.getExpectedTokens() != null ? e.getExpectedTokens() : new IntervalSet();
        if (e instanceof NoViableAltException n) {
            // The decision failed somewhere after its first token: name the token that did not fit.
            offending = n.getOffendingToken();
            expected = recognizer.getATN().nextTokens(recognizer.getATN().states.get(recognizer.getState()));
        } else if (e instanceof InputMismatchException) {
            expected = recognizer.getExpectedTokens();
        }
        report(recognizer, offending, expected);
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), getExpectedTokens(recognizer));
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), getExpectedTokens(recognizer));
    }

    /**
     * A token made up or skipped to go on: marked as an error position even while reporting is
     * suppressed, since a made-up token fills a labelled field (as {@code <missing 'allow'>}) that no
     * error node in the tree reveals.
     */
    @Override
    public Token recoverInline(Parser recognizer) throws RecognitionException {
        errorTokens.add(recognizer.getCurrentToken().getTokenIndex());
        return super.recoverInline(recognizer);
    }

    /** Skips to the next line that starts a statement or an item (or the end), instead of to any follower. */
    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        TokenStream in = recognizer.getInputStream();
        if (lastErrorIndex == in.index() && lastErrorStates != null && lastErrorStates.contains(recognizer.getState())) {
            recognizer.consume();
        }
        lastErrorIndex = in.index();
        if (lastErrorStates == null) {
            lastErrorStates = new IntervalSet();
        }
        lastErrorStates.add(recognizer.getState());
        while (in.LA(1) != Token.EOF && !isLineStart(in, in.LT(1))) {
            recognizer.consume();
        }
    }

    private void report(Parser recognizer, Token offending, IntervalSet expected) {
        if (suppressing) {
            return;
        }
        suppressing = true;
        TokenStream in = recognizer.getInputStream();
        SyntaxMessages.Message m = SyntaxMessages.describe(in, offending, expected);
        Token at = m.at() != null ? m.at() : offending;
        errorTokens.add(offending.getTokenIndex());
        diagnostics.add(new dev.mcppol.compiler.diag.Diagnostic(DiagnosticKind.SYNTAX, span(at), m.text(), m.help()));
    }

    /** Whether an error or a recovery lies in the statement spanning these token indexes, or on the token right after it. */
    boolean reportedWithin(int start, int stop) {
        Integer first = errorTokens.ceiling(start + 1);
        return first != null && first <= stop + 1;
    }

    private Span span(Token t) {
        int width = t.getType() == Token.EOF || t.getText() == null ? 1 : Math.max(1, t.getText().length());
        int col = t.getCharPositionInLine() + 1;
        return new Span(file, t.getLine(), col, t.getLine(), col + width - 1);
    }

    /** A line-start token is first on its line (comments aside) and in {@link #LINE_STARTS}. */
    static boolean isLineStart(TokenStream in, Token t) {
        if (t == null || !LINE_STARTS.contains(t.getType())) {
            return false;
        }
        Token before = SyntaxMessages.previous(in, t);
        return before == null || before.getLine() < t.getLine();
    }
}
