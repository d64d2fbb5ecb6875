package dev.mcppol.compiler.dsl;

import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.grammar.McpPolLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Syntax errors in the policy language's own words: what was found, what the language expects there,
 * and how to write it ("write durations like 30s, 1m, 1h", "regexes are written /…/", "unknown
 * operator startswith: did you mean startsWith?"), never ANTLR's token names. Each case looks at
 * the token that did not fit, the one before it and the set of tokens the grammar would have taken.
 */
final class SyntaxMessages {
    private SyntaxMessages() {
    }

    /** A message, its help (may be null) and, where better than the offending token, where to point. */
    record Message(String text, String help, Token at) {
        Message(String text, String help) {
            this(text, help, null);
        }
    }

    static final List<String> OPERATOR_WORDS = List.of("matches", "startsWith", "endsWith", "contains", "exists", "in");
    static final List<String> ITEM_WORDS = List.of("allow", "deny", "ask", "require", "validate", "limit");
    static final List<String> STATEMENT_WORDS = List.of("policy", "tools", "default", "limit", "hide", "tool");
    static final String OPERATORS = "== != < <= > >= in, not in, matches, startsWith, endsWith, contains, exists";
    static final String DURATIONS = "write durations like 500ms, 30s, 1m, 2h, 1d";
    static final String VALUES = "values are quoted strings (\"text\"), numbers, true, false, null or lists [a, b]";

    private static final IntervalSet COMPARISONS = set(McpPolLexer.EQ, McpPolLexer.NE, McpPolLexer.LT, McpPolLexer.LE,
            McpPolLexer.GT, McpPolLexer.GE);
    private static final IntervalSet OPERATOR_TOKENS = set(McpPolLexer.EQ, McpPolLexer.NE, McpPolLexer.LT,
            McpPolLexer.LE, McpPolLexer.GT, McpPolLexer.GE, McpPolLexer.IN, McpPolLexer.MATCHES, McpPolLexer.STARTS_WITH,
            McpPolLexer.ENDS_WITH, McpPolLexer.CONTAINS, McpPolLexer.EXISTS);
    private static final IntervalSet LITERAL_STARTS = set(McpPolLexer.STRING, McpPolLexer.INT, McpPolLexer.DECIMAL,
            McpPolLexer.TRUE, McpPolLexer.FALSE, McpPolLexer.NULL, McpPolLexer.MINUS);
    /** Tokens that can end an operand: a path's last word or index, or len(…)'s parenthesis. */
    private static final IntervalSet OPERAND_ENDS = set(McpPolLexer.ID, McpPolLexer.RBRACK, McpPolLexer.RPAREN,
            McpPolLexer.SESSION, McpPolLexer.IDENTITY, McpPolLexer.ARGS);
    private static final IntervalSet CONDITION_HEADS = set(McpPolLexer.WHEN, McpPolLexer.AND, McpPolLexer.OR,
            McpPolLexer.NOT, McpPolLexer.LPAREN);

    static Message describe(TokenStream in, Token offending, IntervalSet expected) {
        Token prev = previous(in, offending);
        int type = offending.getType();
        int prevType = prev == null ? Token.INVALID_TYPE : prev.getType();
        String text = offending.getText();

        Token quote = loneQuoteOnLine(in, offending);
        if (quote != null) {
            // An odd number of quotes on the line: a string is not closed, whatever failed first.
            return new Message("unterminated string", "a string ends with \" on the same line; check the quotes on this line",
                    quote);
        }
        if (prevType == McpPolLexer.INT && "/".equals(text)) {
            return new Message("expected per after " + prev.getText() + ", found '/'", "limit NAME = " + prev.getText()
                    + " per 1m");
        }
        if (type == McpPolLexer.ERROR_CHAR || type == McpPolLexer.NAME_ERROR) {
            return strayCharacter(text);
        }
        if (prevType == McpPolLexer.DEFAULT) {
            return new Message("the default is allow or deny, not " + found(offending), "default deny");
        }
        Token beforePrev = prev == null ? null : previous(in, prev);
        if (beforePrev != null && beforePrev.getType() == McpPolLexer.DEFAULT) {
            // `default WORD …`: a kind's default (`default resources deny`) or a mistyped effect.
            if (dev.mcppol.runtime.model.MethodKind.fromWord(prev.getText()) != null) {
                return new Message("expected allow or deny after default " + prev.getText() + ", found "
                        + found(offending), "default " + prev.getText() + " deny");
            }
            return new Message("the default is allow or deny, not " + found(prev), "default deny", prev);
        }
        if (expected.contains(McpPolLexer.DURATION) && prevType == McpPolLexer.PER) {
            return new Message(found(offending) + " is not a duration", type == McpPolLexer.INT
                    ? "give the number its unit, e.g. " + text + "s or " + text + "m (units: ms, s, m, h, d)" : DURATIONS);
        }
        if (prevType == McpPolLexer.PER && expected.contains(McpPolLexer.SESSION)) {
            return new Message(found(offending) + " is not a scope", "a limit counts per session, per identity, per global or per claims.NAME");
        }
        if (expected.contains(McpPolLexer.REGEX) && prevType == McpPolLexer.MATCHES) {
            return new Message(type == McpPolLexer.STRING ? "regexes are written /…/, not quoted"
                    : "expected a regex after matches, found " + found(offending), "e.g. code matches /subprocess|os\\.system/");
        }
        if (prevType == McpPolLexer.TOOLS) {
            return new Message("expected the quoted name of a tools/list snapshot after tools, found " + found(offending),
                    "tools \"server.tools.json\"");
        }
        if (prevType == McpPolLexer.REASON) {
            return new Message("a reason is quoted text, found " + found(offending), "reason \"why, in a sentence\"");
        }
        if (prevType == McpPolLexer.AS) {
            return new Message("expected a rule id after as, found " + found(offending), "as NAME, or as \"any text\"");
        }
        if ((prevType == McpPolLexer.STARTS_WITH || prevType == McpPolLexer.ENDS_WITH) && type != McpPolLexer.STRING) {
            return new Message(prev.getText() + " takes a quoted string, found " + found(offending),
                    "path " + prev.getText() + " \"/workspace/\"");
        }
        if (prevType == McpPolLexer.TOOL || prevType == McpPolLexer.HIDE
                || (prevType == McpPolLexer.NAME_COMMA && type != McpPolLexer.NAME && type != McpPolLexer.NAME_STRING)) {
            return new Message("expected a tool name after " + word(prev) + ", found " + found(offending),
                    "a tool name like read_file, a glob like fs_*, or a quoted name");
        }
        if (expected.contains(McpPolLexer.NAME_LBRACE) || expected.contains(McpPolLexer.LBRACE)
                && (prevType == McpPolLexer.NAME || prevType == McpPolLexer.NAME_STRING)) {
            return new Message("expected { after the tool name " + prev.getText() + ", found " + found(offending),
                    "tool " + prev.getText() + " { allow }; several names are separated by commas");
        }
        if (expected.contains(McpPolLexer.ASSIGN) && !expected.contains(McpPolLexer.EQ)) {
            return new Message("expected = after limit " + prev.getText() + ", found " + found(offending),
                    "limit NAME = N per DURATION [per session|identity|global]");
        }
        if (prevType == McpPolLexer.INT && expected.contains(McpPolLexer.PER)) {
            return new Message("expected per after " + prev.getText() + ", found " + found(offending),
                    "limit NAME = " + prev.getText() + " per 1m");
        }
        if (OPERAND_ENDS.contains(prevType) && !CONDITION_HEADS.contains(prevType)
                && (intersects(expected, OPERATOR_TOKENS) || expected.isNil() || expected.contains(McpPolLexer.DOT))
                && isConditionContext(in, offending)) {
            return operator(prev, offending);
        }
        if (CONDITION_HEADS.contains(prevType) && prevType != McpPolLexer.LPAREN || prevType == McpPolLexer.LPAREN
                && isConditionContext(in, offending)) {
            if (type == McpPolLexer.LPAREN || LITERAL_STARTS.contains(type)) {
                return new Message("a condition starts with an argument, found " + found(offending),
                        "e.g. when path startsWith \"/tmp/\" and len(path) < 200");
            }
            return new Message("expected a condition after " + word(prev) + ", found " + found(offending),
                    "a condition tests an argument: path startsWith \"/tmp/\", count < 10, mode in [\"r\", \"w\"]");
        }
        if (COMPARISONS.contains(prevType) || prevType == McpPolLexer.CONTAINS) {
            if (type == McpPolLexer.ASSIGN) {
                return new Message(prev.getText() + "= is not an operator", "compare with == or !=");
            }
            return value(offending);
        }
        if (prevType == McpPolLexer.IN) {
            if (type == McpPolLexer.LPAREN) {
                return new Message("lists are written [a, b], not (a, b)", "mode in [\"r\", \"w\"]");
            }
            return new Message("expected a list after in, found " + found(offending), "mode in [\"r\", \"w\"]");
        }
        if (expected.contains(McpPolLexer.ALLOW) && expected.contains(McpPolLexer.RBRACE)) {
            if (type == Token.EOF) {
                return new Message("unexpected end of file: the tool block is not closed", "add } after its last rule");
            }
            return ruleWord(offending);
        }
        if (expected.contains(McpPolLexer.TOOL) && expected.contains(McpPolLexer.POLICY)) {
            if (type == McpPolLexer.RBRACE) {
                return new Message("unexpected }: no tool block is open here", null);
            }
            return statementWord(offending);
        }
        if (type == Token.EOF) {
            return new Message("unexpected end of file after " + word(prev), "expected " + expectedWords(expected));
        }
        return new Message("expected " + expectedWords(expected) + ", found " + found(offending), null);
    }

    private static Message strayCharacter(String text) {
        String c = text == null ? "" : text;
        switch (c) {
            case "'":
                return new Message("strings are written in double quotes", "\"text\", not 'text'");
            case "&":
                return new Message("write and instead of &&", "a > 1 and b < 2");
            case "|":
                return new Message("write or instead of ||", "a > 1 or b < 2");
            case "!":
                return new Message("write not instead of !", "not (a > 1), or a != 1");
            case "/":
                return new Message("unterminated regex", "a regex is written /…/ on one line, e.g. /^[a-z]+$/");
            case ";":
                return new Message("unexpected ;", "statements and rules end at the end of the line; no ; is needed");
            default:
                return new Message("unexpected character " + quote(c), null);
        }
    }

    private static Message operator(Token prev, Token offending) {
        String text = offending.getText();
        if (offending.getType() == McpPolLexer.ASSIGN) {
            return new Message("compare with ==, not =", prev.getText() + " == …");
        }
        if (offending.getType() == Token.EOF) {
            return new Message("unexpected end of file after " + word(prev) + ": expected an operator", OPERATORS);
        }
        if (Character.isLetter(text.charAt(0))) {
            String near = null;
            for (String w : OPERATOR_WORDS) {
                if (w.equalsIgnoreCase(text)) {
                    near = w;
                }
            }
            if (near == null) {
                near = Suggestions.closest(text, OPERATOR_WORDS);
            }
            if (near != null) {
                return new Message("unknown operator " + text, "did you mean " + near + "?");
            }
        }
        return new Message("expected an operator after " + prev.getText() + ", found " + found(offending),
                "operators: " + OPERATORS);
    }

    private static Message value(Token offending) {
        if (offending.getType() == Token.EOF) {
            return new Message("unexpected end of file: expected a value", VALUES);
        }
        String text = offending.getText();
        if (Character.isLetter(text.charAt(0))) {
            return new Message(quote(text) + " is not a value; to compare with text, quote it: \"" + text + "\"", VALUES);
        }
        return new Message("expected a value, found " + found(offending), VALUES);
    }

    private static Message ruleWord(Token offending) {
        String text = offending.getText();
        String help = "a tool block holds allow, deny, ask, require, validate and limit lines, and ends with }";
        if (offending.getType() != Token.EOF && Character.isLetter(text.charAt(0))) {
            String near = Suggestions.closest(text.toLowerCase(Locale.ROOT), ITEM_WORDS);
            if (near != null) {
                return new Message("unknown rule word " + text, "did you mean " + near + "?");
            }
            return new Message("unknown rule word " + text, help);
        }
        return new Message("expected a rule, found " + found(offending), help);
    }

    private static Message statementWord(Token offending) {
        String text = offending.getText();
        String help = "a policy file holds policy, tools, default, limit, hide and tool statements";
        if (offending.getType() != Token.EOF && Character.isLetter(text.charAt(0))) {
            String near = Suggestions.closest(text.toLowerCase(Locale.ROOT), STATEMENT_WORDS);
            if (near != null) {
                return new Message("unknown statement " + text, "did you mean " + near + "?");
            }
            return new Message("unknown statement " + text, help);
        }
        return new Message("expected a statement, found " + found(offending), help);
    }

    /** The grammar's expectations in words, grouped: "a condition", "an operator", "a value", … */
    static String expectedWords(IntervalSet expected) {
        List<String> words = new ArrayList<>();
        if (intersects(expected, OPERATOR_TOKENS)) {
            words.add("an operator");
        }
        if (expected.contains(McpPolLexer.STRING) && expected.contains(McpPolLexer.INT)) {
            words.add("a value");
        }
        for (int t : expected.toList()) {
            if (OPERATOR_TOKENS.contains(t) || LITERAL_STARTS.contains(t) && words.contains("a value")) {
                continue;
            }
            String w = tokenWord(t);
            if (w != null && !words.contains(w)) {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            return "something else";
        }
        if (words.size() > 6) {
            words = words.subList(0, 6);
            words.add("…");
        }
        return words.size() == 1 ? words.get(0) : String.join(", ", words.subList(0, words.size() - 1)) + " or "
                + words.get(words.size() - 1);
    }

    private static String tokenWord(int type) {
        switch (type) {
            case Token.EOF:
                return "the end of the file";
            case McpPolLexer.ID:
                return "a name";
            case McpPolLexer.NAME:
            case McpPolLexer.NAME_STRING:
                return "a tool name";
            case McpPolLexer.STRING:
                return "a quoted string";
            case McpPolLexer.INT:
            case McpPolLexer.DECIMAL:
                return "a number";
            case McpPolLexer.DURATION:
                return "a duration (30s, 1m, 1h)";
            case McpPolLexer.REGEX:
                return "a regex /…/";
            case McpPolLexer.NAME_COMMA:
                return ",";
            case McpPolLexer.NAME_LBRACE:
                return "{";
            default:
                String literal = McpPolLexer.VOCABULARY.getLiteralName(type);
                return literal == null ? null : literal.replace("'", "");
        }
    }

    /** The stray {@code "} the lexer left on the offending token's line (a string not closed there), or null. */
    private static Token loneQuoteOnLine(TokenStream in, Token offending) {
        int line = offending.getLine();
        int i = offending.getTokenIndex();
        while (i > 0 && in.get(i - 1).getLine() == line) {
            i--;
        }
        for (; i < in.size(); i++) {
            Token t = in.get(i);
            if (t.getType() == Token.EOF || t.getLine() != line) {
                break;
            }
            if ((t.getType() == McpPolLexer.ERROR_CHAR || t.getType() == McpPolLexer.NAME_ERROR) && "\"".equals(t.getText())) {
                return t;
            }
        }
        return null;
    }

    /** Whether the offending token follows a {@code when}, {@code and}, {@code or} or {@code not} on its line. */
    private static boolean isConditionContext(TokenStream in, Token offending) {
        for (Token t = previous(in, offending); t != null && t.getLine() == offending.getLine(); t = previous(in, t)) {
            if (t.getType() == McpPolLexer.WHEN || t.getType() == McpPolLexer.AND || t.getType() == McpPolLexer.OR
                    || t.getType() == McpPolLexer.NOT) {
                return true;
            }
        }
        return false;
    }

    /** The token before {@code t} on the default channel (comments skipped), or null at the start. */
    static Token previous(TokenStream in, Token t) {
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            Token p = in.get(i);
            if (p.getChannel() == Token.DEFAULT_CHANNEL) {
                return p;
            }
        }
        return null;
    }

    private static String found(Token t) {
        return t.getType() == Token.EOF ? "the end of the file" : quote(t.getText());
    }

    private static String word(Token t) {
        return t == null ? "the start" : t.getText();
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }

    private static boolean intersects(IntervalSet a, IntervalSet b) {
        return !a.and(b).isNil();
    }

    private static IntervalSet set(int... types) {
        IntervalSet s = new IntervalSet();
        for (int t : types) {
            s.add(t);
        }
        return s;
    }
}
