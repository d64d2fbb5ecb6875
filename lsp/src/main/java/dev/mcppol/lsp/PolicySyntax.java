package dev.mcppol.lsp;

import dev.mcppol.grammar.McpPolLexer;
import dev.mcppol.grammar.McpPolParser;
import dev.mcppol.grammar.McpPolParser.*;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.PathSeg;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.eclipse.lsp4j.Range;

/**
 * Where things are written in a policy file: tool blocks, hidden tools, limits and their uses,
 * rules, argument paths and {@code tools} lines, as protocol ranges. Built from the language's own
 * parser with its error recovery, so a file being typed still yields everything around the typo.
 * The checks stay the compiler's; this is only the map editors need to point at things.
 */
final class PolicySyntax {

    /** A name and where it is written. */
    record Named(String name, Range range) {
    }

    /** A {@code tool NAME { … }} block: its name, where the name is, the whole block. */
    record ToolBlock(String name, Range nameRange, Range range) {
    }

    /**
     * A rule: its effect word, its {@code as} id (null when unnamed) and where it is; the tool
     * block it is in; its line (rules without ids are called {@code file:line}).
     */
    record RuleSite(String tool, String effect, String id, Range idRange, boolean quotedId, Range range) {
    }

    /** A clause of an {@code ask} rule a hover explains: {@code approvers "…", …} or {@code approve for DURATION}. */
    record ApprovalClause(String keyword, String text, Range range) {
    }

    /** An argument path in a condition, {@code require} or {@code sum(…)}, inside tool {@code tool}. */
    record PathSite(String tool, List<PathSeg> path, Range range) {
    }

    /** {@code limit NAME = …}: the name's range and the whole statement's. */
    record LimitDefinition(String name, Range nameRange, Range range, String spec) {
    }

    final List<ToolBlock> tools = new ArrayList<>();
    final List<Named> hidden = new ArrayList<>();
    final List<LimitDefinition> limits = new ArrayList<>();
    final List<Named> limitUses = new ArrayList<>();
    final List<RuleSite> rules = new ArrayList<>();
    final List<PathSite> paths = new ArrayList<>();
    final List<ApprovalClause> approvalClauses = new ArrayList<>();
    /** {@code tools "FILE"} lines: the path as written, the string's range. */
    final List<Named> schemaFiles = new ArrayList<>();

    private final TextLines lines;
    private String currentTool;

    private PolicySyntax(TextLines lines) {
        this.lines = lines;
    }

    static PolicySyntax parse(TextLines lines) {
        PolicySyntax s = new PolicySyntax(lines);
        McpPolLexer lexer = new McpPolLexer(CharStreams.fromString(lines.text()));
        lexer.removeErrorListeners();
        McpPolParser parser = new McpPolParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        PolicyContext tree = parser.policy();
        for (StatementContext st : tree.statement()) {
            try {
                s.statement(st);
            } catch (RuntimeException e) {
                // A statement broken by a syntax error may lack parts; the rest of the file still counts.
            }
        }
        return s;
    }

    private void statement(StatementContext st) {
        if (st instanceof ToolsFileContext t && t.STRING() != null) {
            schemaFiles.add(new Named(unquote(t.STRING().getText()), range(t.STRING().getSymbol())));
        } else if (st instanceof LimitDefinitionContext l && l.name != null) {
            String spec = l.limitSpec() == null ? "" : text(l.limitSpec());
            limits.add(new LimitDefinition(l.name.getText(), range(l.name), range(l), spec));
            if (l.limitSpec() instanceof SumLimitContext sum && sum.path() != null) {
                paths.add(new PathSite(null, path(sum.path()), range(sum.path())));
            }
        } else if (st instanceof HideStatementContext h) {
            for (ToolNameContext n : h.toolName()) {
                hidden.add(new Named(toolName(n), range(n)));
            }
        } else if (st instanceof ToolBlockContext b && !b.toolName().isEmpty()) {
            // `tool a, b { … }`: a block per name; the items' paths are looked up in the first one's schema.
            for (ToolNameContext n : b.toolName()) {
                tools.add(new ToolBlock(toolName(n), range(n), range(b)));
            }
            currentTool = toolName(b.toolName(0));
            for (ToolItemContext item : b.toolItem()) {
                try {
                    item(item);
                } catch (RuntimeException e) {
                    // as above: a broken item is skipped, its neighbours are not
                }
            }
        }
    }

    private void item(ToolItemContext item) {
        if (item instanceof RequireItemContext r) {
            for (PathContext p : r.path()) {
                paths.add(new PathSite(currentTool, path(p), range(p)));
            }
        } else if (item instanceof ToolLimitItemContext l) {
            limitUse(l.limitUse());
        } else if (item instanceof RuleItemContext r) {
            String id = null;
            Range idRange = null;
            boolean quoted = false;
            if (r.ruleId != null) {
                quoted = r.ruleId.STRING() != null;
                id = quoted ? unquote(r.ruleId.getText()) : r.ruleId.getText();
                idRange = range(r.ruleId);
            }
            rules.add(new RuleSite(currentTool, r.effect.getText(), id, idRange, quoted, range(r)));
            for (RuleClauseContext c : r.ruleClause()) {
                if (c instanceof WhenClauseContext w) {
                    collectPaths(w.condition());
                } else if (c instanceof LimitClauseContext l) {
                    limitUse(l.limitUse());
                } else if (c instanceof ApproversClauseContext a) {
                    approvalClauses.add(new ApprovalClause("approvers",
                            String.join(", ", a.STRING().stream().map(s -> unquote(s.getText())).toList()), range(a)));
                } else if (c instanceof ApproveForClauseContext f && f.DURATION() != null) {
                    approvalClauses.add(new ApprovalClause("approve for", f.DURATION().getText(), range(f)));
                }
            }
        }
    }

    private void limitUse(LimitUseContext use) {
        if (use instanceof NamedLimitContext n && n.ident() != null) {
            limitUses.add(new Named(n.ident().getText(), range(n.ident())));
        } else if (use instanceof InlineLimitContext i && i.limitSpec() instanceof SumLimitContext sum
                && sum.path() != null) {
            paths.add(new PathSite(currentTool, path(sum.path()), range(sum.path())));
        }
    }

    /** Every path under a condition, iteratively (conditions may be long chains). */
    private void collectPaths(ParseTree root) {
        java.util.Deque<ParseTree> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            ParseTree t = todo.pop();
            if (t instanceof PathContext p) {
                paths.add(new PathSite(currentTool, path(p), range(p)));
                continue;
            }
            for (int i = t.getChildCount() - 1; i >= 0; i--) {
                todo.push(t.getChild(i));
            }
        }
    }

    /** The path's segments, as the front end reads them ({@code args.} dropped). */
    static List<PathSeg> path(PathContext p) {
        List<PathSeg> out = new ArrayList<>();
        boolean argsPrefix = p.head.ARGS() != null && !p.segment().isEmpty();
        if (!argsPrefix) {
            out.add(new PathSeg.Key(p.head.getText()));
        }
        for (SegmentContext s : p.segment()) {
            if (s instanceof KeySegmentContext k) {
                out.add(new PathSeg.Key(k.keyName().getText()));
            } else if (s instanceof QuotedKeySegmentContext q) {
                out.add(new PathSeg.Key(unquote(q.STRING().getText())));
            } else if (s instanceof IndexSegmentContext i) {
                out.add(new PathSeg.Index(parseIndex(i.INT().getText())));
            } else {
                out.add(new PathSeg.Any());
            }
        }
        return out;
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static String toolName(ToolNameContext n) {
        return n.NAME_STRING() != null ? unquote(n.NAME_STRING().getText()) : n.getText();
    }

    static String unquote(String quoted) {
        try {
            return Json.MAPPER.readTree(quoted).stringValue();
        } catch (RuntimeException e) {
            return quoted.length() >= 2 ? quoted.substring(1, quoted.length() - 1) : quoted;
        }
    }

    private String text(ParserRuleContext c) {
        return lines.text(range(c));
    }

    private Range range(Token t) {
        return lines.tokenRange(t.getLine(), t.getCharPositionInLine(), t.getText() == null ? "" : t.getText());
    }

    private Range range(ParserRuleContext c) {
        Token start = c.getStart();
        Token stop = c.getStop() != null && c.getStop().getTokenIndex() >= start.getTokenIndex() ? c.getStop() : start;
        return new Range(range(start).getStart(), range(stop).getEnd());
    }

    // ---- look-ups ----

    /** The innermost tool block around a position, or null. */
    ToolBlock toolAt(org.eclipse.lsp4j.Position p) {
        for (ToolBlock b : tools) {
            if (TextLines.contains(b.range(), p)) {
                return b;
            }
        }
        return null;
    }

    LimitDefinition limit(String name) {
        for (LimitDefinition l : limits) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
