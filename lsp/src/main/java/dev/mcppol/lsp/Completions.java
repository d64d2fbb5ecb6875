package dev.mcppol.lsp;

import dev.mcppol.grammar.McpPolLexer;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.PathSeg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import tools.jackson.databind.JsonNode;

/**
 * Completion in a policy, from the tokens before the cursor (the file is usually broken while it
 * is typed, so no parse tree is needed): tool names after {@code tool}/{@code hide}; argument
 * paths of the block's tool, nested and {@code [*]}; the operators that can hold on the argument's
 * type; its enumerated values after {@code ==}, {@code !=} and {@code in [}; limit names after
 * {@code limit}; keywords where a statement, an item or a clause starts.
 */
final class Completions {

    private static final List<String> TOP = List.of("policy", "tools", "default", "limit", "tool", "hide");
    private static final List<String> ITEMS = List.of("allow", "deny", "ask", "require", "validate", "limit");
    private static final List<String> CLAUSES = List.of("when", "limit", "reason", "as", "and", "or", "not");
    /** Clauses only an {@code ask} rule takes (docs/APPROVALS.md). */
    private static final List<String> ASK_CLAUSES = List.of("approvers", "approve for");
    private static final Set<Integer> CONDITION_START = Set.of(McpPolLexer.WHEN, McpPolLexer.AND, McpPolLexer.OR,
            McpPolLexer.NOT, McpPolLexer.LPAREN, McpPolLexer.REQUIRE);

    private final View view;
    private final int offset;
    private final String text;

    private Completions(View view, Position pos) {
        this.view = view;
        this.text = view.lines().text();
        this.offset = view.lines().offset(pos);
    }

    static List<CompletionItem> at(View view, Position pos) {
        return new Completions(view, pos).items();
    }

    private List<CompletionItem> items() {
        // The tool-name word (MCP names have '.', '-', globs), and the path being typed (a.b[*].c).
        int toolStart = back(offset, "[A-Za-z0-9_.*?\\-]");
        int pathStart = back(offset, "[A-Za-z0-9_.\\[\\]*\"]");
        int wordStart = back(offset, "[A-Za-z0-9_]");
        List<Token> before = tokens(text.substring(0, toolStart));
        Token prev = before.isEmpty() ? null : before.get(before.size() - 1);
        int prevType = prev == null ? -1 : prev.getType();
        if (prevType == McpPolLexer.TOOL || prevType == McpPolLexer.HIDE || prevType == McpPolLexer.NAME_COMMA) {
            return toolNames(range(toolStart));
        }
        before = tokens(text.substring(0, pathStart));
        prev = before.isEmpty() ? null : before.get(before.size() - 1);
        prevType = prev == null ? -1 : prev.getType();
        String tool = enclosingTool(before);
        if (prevType == McpPolLexer.DEFAULT) {
            return keywords(List.of("allow", "deny"), range(wordStart));
        }
        if (prevType == McpPolLexer.PER) {
            Token t = before.size() > 1 ? before.get(before.size() - 2) : null;
            return t != null && t.getType() == McpPolLexer.DURATION
                    ? keywords(List.of("session", "identity", "global"), range(wordStart)) : List.of();
        }
        if (tool == null) {
            return prevType == McpPolLexer.LIMIT || !lineBlankBefore(wordStart) ? List.of()
                    : keywords(TOP, range(wordStart));
        }
        if (prevType == McpPolLexer.LIMIT) {
            return limitNames(range(wordStart));
        }
        if (prevType == McpPolLexer.EQ || prevType == McpPolLexer.NE) {
            return values(operandBefore(before, before.size() - 1), range(pathStart));
        }
        int in = inListStart(before);
        if (in >= 0) {
            int operandEnd = in - 1;
            if (operandEnd >= 0 && before.get(operandEnd).getType() == McpPolLexer.NOT) {
                operandEnd--;
            }
            return values(operandBefore(before, operandEnd + 1), range(pathStart));
        }
        if (CONDITION_START.contains(prevType) || inRequireList(before)) {
            return paths(tool, text.substring(pathStart, offset), prevType);
        }
        List<PathSeg> operand = operandBefore(before, before.size());
        if (operand != null && pathStart == wordStart && pathStart > 0
                && Character.isWhitespace(text.charAt(pathStart - 1))) {
            return operators(tool, operand, range(wordStart));
        }
        if (lineBlankBefore(wordStart)) {
            return keywords(ITEMS, range(wordStart));
        }
        List<CompletionItem> clauses = keywords(CLAUSES, range(wordStart));
        if (inAskRule(before)) {
            clauses.addAll(keywords(ASK_CLAUSES, range(wordStart)));
        }
        return clauses;
    }

    /** True when the rule being written is an {@code ask} (its effect is the last one before the cursor). */
    private static boolean inAskRule(List<Token> before) {
        for (int i = before.size() - 1; i >= 0; i--) {
            int type = before.get(i).getType();
            if (type == McpPolLexer.ASK) {
                return true;
            }
            if (type == McpPolLexer.ALLOW || type == McpPolLexer.DENY || type == McpPolLexer.LBRACE
                    || type == McpPolLexer.RBRACE) {
                return false;
            }
        }
        return false;
    }

    // ---- kinds of items ----

    private List<CompletionItem> toolNames(Range replace) {
        List<CompletionItem> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : view.tools().entrySet()) {
            String name = e.getKey();
            CompletionItem item = item(name, CompletionItemKind.Function, replace,
                    name.matches("[A-Za-z0-9_.\\-]+") ? name : dev.mcppol.runtime.model.Texts.quote(name));
            JsonNode d = e.getValue().get("description");
            item.setDetail("tool");
            if (d != null && d.isString()) {
                item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, d.stringValue()));
            }
            out.add(item);
        }
        return out;
    }

    private List<CompletionItem> limitNames(Range replace) {
        List<CompletionItem> out = new ArrayList<>();
        if (view.syntax() != null) {
            for (PolicySyntax.LimitDefinition l : view.syntax().limits) {
                CompletionItem item = item(l.name(), CompletionItemKind.Variable, replace, l.name());
                item.setDetail(l.spec());
                out.add(item);
            }
        }
        return out;
    }

    /** The keys under the parent of the path being typed, in every tool the block covers. */
    private List<CompletionItem> paths(String tool, String typed, int prevType) {
        int cut = Math.max(typed.lastIndexOf('.'), typed.lastIndexOf('['));
        String parentText = cut < 0 ? "" : typed.substring(0, cut);
        int partialStart = offset - (typed.length() - (cut < 0 ? 0 : typed.charAt(cut) == '.' ? cut + 1 : cut));
        List<PathSeg> parent = parentText.isEmpty() || parentText.equals("args") ? List.of()
                : PathText.parse(parentText);
        if (parent == null) {
            return List.of();
        }
        boolean bracket = cut >= 0 && typed.charAt(cut) == '[';
        Range replace = range(partialStart);
        Map<String, CompletionItem> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> t : view.covered(tool).entrySet()) {
            for (Map.Entry<String, List<JsonNode>> c : SchemaInfo.children(t.getValue(), parent).entrySet()) {
                String key = c.getKey();
                String written = bracket ? "[" + dev.mcppol.runtime.model.Texts.quote(key) + "]"
                        : PathText.bare(key) ? key : null;
                if (written == null) {
                    continue;
                }
                Set<String> types = SchemaInfo.types(c.getValue());
                String detail = SchemaInfo.typeText(c.getValue())
                        + (SchemaInfo.required(t.getValue(), parent, key) ? ", required" : "");
                CompletionItem item = out.computeIfAbsent(key, k -> item(k, CompletionItemKind.Field, replace, written));
                item.setDetail(detail);
                String d = SchemaInfo.description(c.getValue());
                if (d != null) {
                    item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, d));
                }
                if (types.contains("array") && !bracket) {
                    out.computeIfAbsent(key + "[*]", k -> {
                        CompletionItem any = item(k, CompletionItemKind.Field, replace, written + "[*]");
                        any.setDetail("every element of " + key);
                        return any;
                    });
                }
            }
        }
        List<CompletionItem> items = new ArrayList<>(out.values());
        if (parent.isEmpty() && !bracket && prevType != McpPolLexer.REQUIRE && prevType != McpPolLexer.COMMA) {
            items.add(item("session", CompletionItemKind.Variable, replace, "session"));
            items.add(item("identity", CompletionItemKind.Variable, replace, "identity"));
            items.add(item("len", CompletionItemKind.Function, replace, "len("));
        }
        return items;
    }

    private List<CompletionItem> operators(String tool, List<PathSeg> operand, Range replace) {
        Set<String> types = Set.of();
        if (operand.size() == 1 && operand.get(0) instanceof PathSeg.Key k
                && (k.name().equals("session") || k.name().equals("identity"))) {
            types = Set.of("string");
        } else if (operand.isEmpty()) {
            types = Set.of("integer");
        } else {
            for (JsonNode t : view.covered(tool).values()) {
                types = SchemaInfo.types(SchemaInfo.at(t, operand));
                if (!types.isEmpty()) {
                    break;
                }
            }
        }
        List<CompletionItem> out = new ArrayList<>();
        for (String op : SchemaInfo.operators(types)) {
            CompletionItem item = item(op, CompletionItemKind.Operator, replace, op.equals("in") || op.equals("not in")
                    ? op + " [" : op);
            item.setDetail(types.isEmpty() ? "any type" : String.join(" or ", types));
            out.add(item);
        }
        return out;
    }

    private List<CompletionItem> values(List<PathSeg> operand, Range replace) {
        List<CompletionItem> out = new ArrayList<>();
        if (operand == null || operand.isEmpty()) {
            return out;
        }
        String tool = enclosingTool(tokens(text.substring(0, offset)));
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (JsonNode t : view.covered(tool).values()) {
            for (JsonNode v : SchemaInfo.enumerated(SchemaInfo.at(t, operand))) {
                String literal = JsonValues.canonical(v);
                if (seen.add(literal)) {
                    CompletionItem item = item(literal, CompletionItemKind.EnumMember, replace, literal);
                    item.setDetail("enum of " + dev.mcppol.runtime.model.Texts.path(operand));
                    out.add(item);
                }
            }
        }
        return out;
    }

    private List<CompletionItem> keywords(List<String> words, Range replace) {
        List<CompletionItem> out = new ArrayList<>();
        for (String w : words) {
            CompletionItem item = item(w, CompletionItemKind.Keyword, replace, w);
            String doc = Hovers.keyword(w);
            if (doc != null) {
                item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, doc));
            }
            out.add(item);
        }
        return out;
    }

    private static CompletionItem item(String label, CompletionItemKind kind, Range replace, String insert) {
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        item.setTextEdit(Either.forLeft(new TextEdit(replace, insert)));
        item.setFilterText(label);
        return item;
    }

    // ---- reading the tokens before the cursor ----

    private static List<Token> tokens(String prefix) {
        McpPolLexer lexer = new McpPolLexer(CharStreams.fromString(prefix));
        lexer.removeErrorListeners();
        List<Token> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                out.add(t);
            }
        }
        return out;
    }

    /** The tool block the tokens end inside, or null at the top level. */
    private static String enclosingTool(List<Token> tokens) {
        String tool = null;
        String pending = null;
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case McpPolLexer.NAME -> pending = t.getText();
                case McpPolLexer.NAME_STRING -> pending = PolicySyntax.unquote(t.getText());
                case McpPolLexer.NAME_LBRACE, McpPolLexer.LBRACE -> {
                    if (depth == 0 && pending != null) {
                        tool = pending;
                    }
                    depth++;
                }
                case McpPolLexer.RBRACE -> {
                    depth = Math.max(0, depth - 1);
                    if (depth == 0) {
                        tool = null;
                        pending = null;
                    }
                }
                default -> {
                }
            }
        }
        return depth > 0 ? tool : null;
    }

    /** The path that ends at token {@code end} (exclusive), when the token before it starts a condition. */
    private static List<PathSeg> operandBefore(List<Token> tokens, int end) {
        int i = end - 1;
        if (i >= 0 && tokens.get(i).getType() == McpPolLexer.RPAREN) {
            // len(path): a number
            int open = i - 1;
            while (open >= 0 && tokens.get(open).getType() != McpPolLexer.LPAREN) {
                open--;
            }
            return open > 0 && tokens.get(open - 1).getType() == McpPolLexer.LEN ? List.of() : null;
        }
        StringBuilder b = new StringBuilder();
        int start = i;
        while (start >= 0) {
            Token t = tokens.get(start);
            int type = t.getType();
            boolean part = type == McpPolLexer.DOT || type == McpPolLexer.LBRACK || type == McpPolLexer.RBRACK
                    || type == McpPolLexer.STAR || type == McpPolLexer.INT || type == McpPolLexer.STRING
                    || Character.isLetter(t.getText().charAt(0)) || t.getText().charAt(0) == '_';
            boolean adjacent = start == i || t.getStopIndex() + 1 == tokens.get(start + 1).getStartIndex();
            if (!part || !adjacent || CONDITION_START.contains(type) && start < i) {
                break;
            }
            b.insert(0, t.getText());
            start--;
        }
        if (b.length() == 0 || start < 0 || !CONDITION_START.contains(tokens.get(start).getType())) {
            return null;
        }
        return PathText.parse(b.toString());
    }

    /** The index of {@code in} when the tokens end inside {@code in [ … }, else -1. */
    private static int inListStart(List<Token> tokens) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            int type = tokens.get(i).getType();
            if (type == McpPolLexer.LBRACK) {
                return i > 0 && tokens.get(i - 1).getType() == McpPolLexer.IN ? i - 1 : -1;
            }
            if (type != McpPolLexer.COMMA && type != McpPolLexer.STRING && type != McpPolLexer.INT
                    && type != McpPolLexer.DECIMAL && type != McpPolLexer.MINUS && type != McpPolLexer.TRUE
                    && type != McpPolLexer.FALSE && type != McpPolLexer.NULL) {
                return -1;
            }
        }
        return -1;
    }

    /** After a comma in {@code require a, b, …}. */
    private static boolean inRequireList(List<Token> tokens) {
        if (tokens.isEmpty() || tokens.get(tokens.size() - 1).getType() != McpPolLexer.COMMA) {
            return false;
        }
        for (int i = tokens.size() - 1; i >= 0; i--) {
            int type = tokens.get(i).getType();
            if (type == McpPolLexer.REQUIRE) {
                return true;
            }
            if (type == McpPolLexer.LBRACK || type == McpPolLexer.WHEN || type == McpPolLexer.LBRACE
                    || type == McpPolLexer.NAME_LBRACE || type == McpPolLexer.RBRACE) {
                return false;
            }
        }
        return false;
    }

    private int back(int from, String charClass) {
        int i = from;
        while (i > 0 && String.valueOf(text.charAt(i - 1)).matches(charClass)) {
            i--;
        }
        return i;
    }

    private boolean lineBlankBefore(int at) {
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        return text.substring(lineStart, at).isBlank();
    }

    private Range range(int start) {
        return new Range(view.lines().position(start), view.lines().position(offset));
    }
}
