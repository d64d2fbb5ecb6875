package dev.mcppol.compiler.fmt;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.grammar.McpPolLexer;
import dev.mcppol.grammar.McpPolParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The canonical layout of a policy file, from its tokens (comments included, from the lexer's
 * hidden channel) and the parse tree (which says where statements and tool items begin):
 * <ul>
 * <li>one statement per line; tool items on their own lines, indented two spaces, the closing brace
 * alone; a one-line tool block with at most one item and no comment stays on one line;</li>
 * <li>single spaces between tokens, none inside {@code ( ) [ ]}, before {@code , .} or in
 * {@code len(}, {@code a[0]}, {@code -5};</li>
 * <li>a line break the author put inside a statement is kept, as a continuation line indented four
 * more spaces (long conditions stay readable);</li>
 * <li>blank lines: at most one, none right inside braces; trailing comments two spaces after the
 * code, aligned across consecutive lines; the file ends with one newline.</li>
 * </ul>
 * Formatting is idempotent, and the result is verified to hold the same tokens and comments as the input.
 */
public final class Formatter {

    private static final String INDENT = "  ";
    private static final String CONTINUATION = "    ";

    private Formatter() {
    }

    /**
     * The formatted text, or null when the file has syntax errors (reported into {@code diagnostics}):
     * a file that does not parse has no reliable structure to lay out.
     */
    public static String format(String file, String text, Diagnostics diagnostics) {
        Diagnostics scratch = new Diagnostics();
        DslFrontEnd.parse(file, text, scratch);
        boolean broken = false;
        for (Diagnostic d : scratch.all()) {
            if (d.kind() == DiagnosticKind.SYNTAX || d.kind() == DiagnosticKind.NESTING_TOO_DEEP) {
                diagnostics.add(d);
                broken = true;
            }
        }
        if (broken) {
            return null;
        }
        CommonTokenStream stream = tokens(text);
        McpPolParser parser = new McpPolParser(stream);
        parser.removeErrorListeners();
        McpPolParser.PolicyContext tree = parser.policy();
        String out = new Layout(stream.getTokens(), tree).render();
        verify(text, out);
        return out;
    }

    private static CommonTokenStream tokens(String text) {
        McpPolLexer lexer = new McpPolLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream stream = new CommonTokenStream(lexer);
        stream.fill();
        return stream;
    }

    /** The safety net: formatting may move whitespace only, never change a token or drop a comment. */
    private static void verify(String before, String after) {
        List<String> a = significant(before);
        List<String> b = significant(after);
        if (!a.equals(b)) {
            throw new IllegalStateException("the formatter would change the meaning of the file; it is left as is"
                    + " (please report this)");
        }
    }

    private static List<String> significant(String text) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens(text).getTokens()) {
            if (t.getType() == Token.EOF) {
                continue;
            }
            int type = t.getType() == McpPolLexer.NAME_LBRACE ? McpPolLexer.LBRACE
                    : t.getType() == McpPolLexer.NAME_COMMENT ? McpPolLexer.COMMENT : t.getType();
            out.add(type + ":" + t.getText().stripTrailing());
        }
        return out;
    }

    /** One output line: its indentation, code, and an optional trailing comment. */
    private static final class Line {
        final String indent;
        final StringBuilder code = new StringBuilder();
        final boolean blankBefore;
        String comment;
        Token last;

        Line(String indent, boolean blankBefore) {
            this.indent = indent;
            this.blankBefore = blankBefore;
        }
    }

    private static final class Layout {
        private final List<Token> tokens = new ArrayList<>();
        /** Token index to the indentation level of the line it starts. */
        private final Map<Integer, Integer> lineStarts = new HashMap<>();
        /** Token index to the rule context it belongs to. */
        private final Map<Integer, ParserRuleContext> parents = new HashMap<>();
        private final List<Line> lines = new ArrayList<>();

        Layout(List<Token> all, McpPolParser.PolicyContext tree) {
            for (Token t : all) {
                if (t.getType() != Token.EOF) {
                    tokens.add(t);
                }
            }
            index(tree);
            for (McpPolParser.StatementContext s : tree.statement()) {
                lineStarts.put(s.getStart().getTokenIndex(), 0);
                TerminalNode rbrace = s.getToken(McpPolParser.RBRACE, 0);
                List<McpPolParser.ToolItemContext> items = s.getRuleContexts(McpPolParser.ToolItemContext.class);
                // Every block (tool, resource, prompt, client) is laid out alike.
                if (rbrace != null && !oneLine(s, rbrace, items, all)) {
                    for (McpPolParser.ToolItemContext item : items) {
                        lineStarts.put(item.getStart().getTokenIndex(), 1);
                    }
                    lineStarts.put(rbrace.getSymbol().getTokenIndex(), 0);
                }
            }
        }

        /** A block written on one line, with at most one item and no comment inside, stays on one line. */
        private static boolean oneLine(ParserRuleContext b, TerminalNode rbrace, List<McpPolParser.ToolItemContext> items,
                                       List<Token> all) {
            Token close = rbrace.getSymbol();
            Token open = b.getStart();
            if (open.getLine() != close.getLine() || items.size() > 1) {
                return false;
            }
            for (int i = open.getTokenIndex(); i <= close.getTokenIndex(); i++) {
                if (all.get(i).getChannel() != Token.DEFAULT_CHANNEL) {
                    return false;
                }
            }
            return true;
        }

        /** Iteratively (a long {@code and} chain is a deep tree): each terminal's parent rule. */
        private void index(ParseTree root) {
            Deque<ParseTree> todo = new ArrayDeque<>();
            todo.push(root);
            while (!todo.isEmpty()) {
                ParseTree n = todo.pop();
                if (n instanceof TerminalNode t) {
                    parents.put(t.getSymbol().getTokenIndex(), (ParserRuleContext) t.getParent());
                } else {
                    for (int i = 0; i < n.getChildCount(); i++) {
                        todo.push(n.getChild(i));
                    }
                }
            }
        }

        String render() {
            Token prev = null;
            boolean forceBreak = false;
            String statementIndent = "";
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                boolean blank = prev != null && t.getLine() - prev.getLine() > 1;
                if (isComment(t)) {
                    String text = t.getText().stripTrailing();
                    Line cur = lines.isEmpty() ? null : lines.get(lines.size() - 1);
                    if (prev != null && prev.getLine() == t.getLine() && cur != null && cur.comment == null
                            && cur.code.length() > 0) {
                        cur.comment = text;
                    } else {
                        Line own = new Line(commentIndent(i, statementIndent), blank && allowBlank(null));
                        own.comment = text;
                        lines.add(own);
                    }
                    forceBreak = true;
                    prev = t;
                    continue;
                }
                Integer level = lineStarts.get(t.getTokenIndex());
                boolean brace = t.getType() == McpPolLexer.LBRACE || t.getType() == McpPolLexer.NAME_LBRACE;
                if (level != null || lines.isEmpty()) {
                    int lv = level == null ? 0 : level;
                    statementIndent = INDENT.repeat(lv);
                    boolean closing = t.getType() == McpPolLexer.RBRACE;
                    lines.add(new Line(statementIndent, blank && !closing && allowBlank(t)));
                } else if (!brace && (forceBreak || t.getLine() > prev.getLine())) {
                    lines.add(new Line(statementIndent + CONTINUATION, false));
                } else {
                    Line cur = lines.get(lines.size() - 1);
                    if (cur.comment != null) {
                        // Only a brace can get here after a trailing comment; it opens the next line.
                        lines.add(new Line(statementIndent + CONTINUATION, false));
                    } else if (cur.last != null && space(cur.last, t)) {
                        cur.code.append(' ');
                    }
                }
                Line cur = lines.get(lines.size() - 1);
                // A comma in a list of tool names carries the line break after it: print the comma only.
                cur.code.append(t.getType() == McpPolLexer.NAME_COMMA ? "," : t.getText());
                cur.last = t;
                forceBreak = false;
                prev = t;
            }
            return print();
        }

        /** No blank line right after an opening brace; the first line never has one. */
        private boolean allowBlank(Token next) {
            if (lines.isEmpty()) {
                return false;
            }
            Line before = lines.get(lines.size() - 1);
            return before.last == null || !(before.last.getType() == McpPolLexer.LBRACE
                    || before.last.getType() == McpPolLexer.NAME_LBRACE) || before.comment != null;
        }

        /** A comment on its own line is indented like the line that follows it. */
        private String commentIndent(int i, String statementIndent) {
            for (int j = i + 1; j < tokens.size(); j++) {
                Token n = tokens.get(j);
                if (isComment(n)) {
                    continue;
                }
                Integer level = lineStarts.get(n.getTokenIndex());
                if (level == null) {
                    return lines.isEmpty() ? "" : statementIndent + CONTINUATION;
                }
                // A comment before a closing brace belongs to the block's items.
                return n.getType() == McpPolLexer.RBRACE ? INDENT : INDENT.repeat(level);
            }
            return "";
        }

        private boolean space(Token prev, Token cur) {
            int p = prev.getType();
            int c = cur.getType();
            if (c == McpPolLexer.COMMA || c == McpPolLexer.NAME_COMMA || c == McpPolLexer.RPAREN
                    || c == McpPolLexer.RBRACK || c == McpPolLexer.DOT) {
                return false;
            }
            if (p == McpPolLexer.LPAREN || p == McpPolLexer.LBRACK || p == McpPolLexer.DOT) {
                return false;
            }
            if (c == McpPolLexer.LPAREN && (p == McpPolLexer.LEN || p == McpPolLexer.SUM)) {
                return false;
            }
            if (c == McpPolLexer.LBRACK && parents.get(cur.getTokenIndex()) instanceof McpPolParser.SegmentContext) {
                return false;
            }
            if (p == McpPolLexer.MINUS && parents.get(prev.getTokenIndex()) instanceof McpPolParser.NumberContext) {
                return false;
            }
            return !(c == McpPolLexer.RBRACE && (p == McpPolLexer.LBRACE || p == McpPolLexer.NAME_LBRACE));
        }

        private static boolean isComment(Token t) {
            return t.getType() == McpPolLexer.COMMENT || t.getType() == McpPolLexer.NAME_COMMENT;
        }

        /** Lines to text, trailing comments aligned over runs of consecutive lines that have one. */
        private String print() {
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (i < lines.size()) {
                int j = i;
                int width = 0;
                if (hasTrailing(lines.get(i))) {
                    while (j < lines.size() && hasTrailing(lines.get(j)) && (j == i || !lines.get(j).blankBefore)) {
                        width = Math.max(width, lines.get(j).indent.length() + lines.get(j).code.length());
                        j++;
                    }
                } else {
                    j = i + 1;
                }
                for (int k = i; k < j; k++) {
                    Line l = lines.get(k);
                    if (l.blankBefore) {
                        b.append('\n');
                    }
                    String code = l.indent + l.code;
                    if (l.code.length() == 0) {
                        b.append(l.indent).append(l.comment).append('\n');
                    } else if (l.comment == null) {
                        b.append(code).append('\n');
                    } else {
                        b.append(code).append(" ".repeat(width - code.length() + 2)).append(l.comment).append('\n');
                    }
                }
                i = j;
            }
            return b.toString();
        }

        private static boolean hasTrailing(Line l) {
            return l.comment != null && l.code.length() > 0;
        }
    }
}
