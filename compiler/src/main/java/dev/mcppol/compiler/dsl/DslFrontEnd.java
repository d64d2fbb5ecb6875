package dev.mcppol.compiler.dsl;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.compiler.ir.AskOptions;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Hidden;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.MethodRules;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.SchemaRef;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.grammar.McpPolLexer;
import dev.mcppol.grammar.McpPolParser;
import dev.mcppol.grammar.McpPolParser.*;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Durations;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.MethodKind;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import dev.mcppol.runtime.model.ValueTest;
import dev.mcppol.runtime.limit.LimitRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import tools.jackson.databind.JsonNode;

/**
 * The policy language front end: text to IR. Syntax errors are collected with ANTLR's recovery,
 * then the tree is lowered; every problem found on the way is a diagnostic, never an exception.
 */
public final class DslFrontEnd {
    private static final String SCOPES = "a limit counts per session, per identity, per global or per claims.NAME";

    /** Parentheses, brackets and chained {@code not}s deeper than this are refused before parsing. */
    public static final int MAX_NESTING = 64;

    /** MCP tool names, plus the glob characters. */
    private static final java.util.regex.Pattern TOOL_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.*?\\-]{1,128}");

    private final String file;
    private final String idPrefix;
    /** Where findings go; swapped for a scratch list while a multi-name block is lowered again. */
    private Diagnostics diagnostics;
    /** True while a {@code tool a, b} block is lowered for its second and later names. */
    private boolean repeating;

    private String policyName;
    private Effect defaultEffect;
    private final List<Rule> rules = new ArrayList<>();
    private final List<ToolLimit> toolLimits = new ArrayList<>();
    /** Limit uses, resolved against the declarations once every statement is lowered. */
    private final LimitNames limitNames = new LimitNames();
    private final Map<String, LimitDef> limits = new LinkedHashMap<>();
    private final List<Hidden> hidden = new ArrayList<>();
    private final List<SchemaRef> schemaRefs = new ArrayList<>();
    private SchemaRef claimsSchema;
    private final Set<String> explicitIds = new HashSet<>();
    private Span policySpan;
    /** Where the current tool block's name is written: unknown-tool errors point there. */
    private Span targetSpan;
    /** The sections of other kinds of request, as far as read; {@link #section} is the block being read (null: a tool's). */
    private final Map<MethodKind, SectionBuilder> sections = new java.util.EnumMap<>(MethodKind.class);
    private SectionBuilder section;

    /** One kind's rules, limits, hidden names and default, collected in source order. */
    private static final class SectionBuilder {
        final MethodKind kind;
        final Span span;
        final List<Rule> rules = new ArrayList<>();
        final List<ToolLimit> limits = new ArrayList<>();
        final List<Hidden> hidden = new ArrayList<>();
        Effect defaultEffect;
        Span defaultSpan;

        SectionBuilder(MethodKind kind, Span span) {
            this.kind = kind;
            this.span = span;
        }

        MethodRules build() {
            return new MethodRules(kind, defaultEffect, defaultSpan, rules, limits, hidden, span);
        }
    }

    private DslFrontEnd(String file, Diagnostics diagnostics) {
        this.file = file;
        this.idPrefix = Path.of(file).getFileName() == null ? file : Path.of(file).getFileName().toString();
        this.diagnostics = diagnostics;
    }

    /**
     * Parses and lowers one file. Returns the policy even when there were errors (as far as it could
     * be built), so callers can report everything; check {@code diagnostics.hasErrors()}.
     */
    public static Policy parse(String file, String text, Diagnostics diagnostics) {
        return new DslFrontEnd(file, diagnostics).run(text);
    }

    private Policy run(String text) {
        SyntaxErrorCollector errors = new SyntaxErrorCollector(file, diagnostics);
        McpPolLexer lexer = new McpPolLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        policySpan = new Span(file, 1, 1, 1, 1);
        if (!nestingWithinBounds(tokens.getTokens())) {
            return emptyPolicy();
        }
        McpPolParser parser = new McpPolParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        // Reports syntax errors itself, in the language's words, one per mistake.
        PolicyErrorStrategy strategy = new PolicyErrorStrategy(file, diagnostics);
        parser.setErrorHandler(strategy);
        PolicyContext tree = parser.policy();
        for (StatementContext s : tree.statement()) {
            int stop = s.getStop() == null ? s.getStart().getTokenIndex() : s.getStop().getTokenIndex();
            // A token made up at a statement's end is reported at the next token the parser reads,
            // which comments and line ends (hidden tokens, with indexes of their own) may push further.
            if (SyntaxErrors.inside(s) || strategy.reportedWithin(s.getStart().getTokenIndex(),
                    nextOnChannel(tokens, stop) - 1)) {
                // Reported once already; lowering a half-parsed statement would only echo it (an
                // empty tool name, a limit "declared twice" or "unknown" where it is used). So
                // lowering meets only statements the parser read without an error or a recovery,
                // whose every field is filled in: it has no broken subtrees to survive.
                if (s instanceof LimitDefinitionContext l && l.name != null) {
                    limitNames.broken(l.name.getText());
                }
                continue;
            }
            statement(s);
        }
        limitNames.resolve(limits, diagnostics);
        return new Policy(policyName != null ? policyName : defaultName(), defaultEffect != null ? defaultEffect
                : Effect.DENY, rules, toolLimits, List.copyOf(limits.values()), hidden, schemaRefs, policySpan,
                List.of(), sections.values().stream().map(SectionBuilder::build).toList(), claimsSchema);
    }

    private Policy emptyPolicy() {
        return new Policy(defaultName(), Effect.DENY, List.of(), List.of(), List.of(), List.of(), List.of(), policySpan,
                List.of());
    }

    private String defaultName() {
        String n = idPrefix;
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The index of the first token after {@code index} that the parser reads (not a comment or line end). */
    private static int nextOnChannel(CommonTokenStream tokens, int index) {
        List<Token> all = tokens.getTokens();
        int i = index + 1;
        while (i < all.size() && all.get(i).getChannel() != Token.DEFAULT_CHANNEL) {
            i++;
        }
        return i;
    }

    private boolean nestingWithinBounds(List<Token> tokens) {
        int depth = 0;
        int nots = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case McpPolLexer.LPAREN, McpPolLexer.LBRACK -> depth++;
                case McpPolLexer.RPAREN, McpPolLexer.RBRACK -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
            nots = t.getType() == McpPolLexer.NOT ? nots + 1 : 0;
            if (depth + nots > MAX_NESTING) {
                diagnostics.error(DiagnosticKind.NESTING_TOO_DEEP, span(t), "expression nested more than "
                        + MAX_NESTING + " levels deep", "split the condition into several rules");
                return false;
            }
        }
        return true;
    }

    // ---- statements ----

    private void statement(StatementContext s) {
        if (s instanceof PolicyNameContext p) {
            if (policyName != null) {
                diagnostics.error(DiagnosticKind.DUPLICATE_HEADER, span(p), "the policy is already named '"
                        + policyName + "'");
            } else {
                policyName = p.name.getText();
                policySpan = span(p);
            }
        } else if (s instanceof ToolsFileContext t) {
            schemaRefs.add(new SchemaRef(string(t.STRING()), span(t)));
        } else if (s instanceof ClaimsFileContext c) {
            if (claimsSchema != null) {
                diagnostics.error(DiagnosticKind.DUPLICATE_HEADER, span(c), "the claims schema is already named at "
                        + claimsSchema.span().location());
            } else {
                claimsSchema = new SchemaRef(string(c.STRING()), span(c));
            }
        } else if (s instanceof DefaultEffectContext d) {
            if (defaultEffect != null) {
                diagnostics.error(DiagnosticKind.DUPLICATE_HEADER, span(d), "the default is already set");
            } else {
                defaultEffect = Effect.fromWord(d.effect.getText());
            }
        } else if (s instanceof LimitDefinitionContext l) {
            String name = l.name.getText();
            if (limits.containsKey(name)) {
                diagnostics.error(DiagnosticKind.DUPLICATE_LIMIT, span(l.name), "limit '" + name
                        + "' is already declared at " + limits.get(name).span().location());
            } else {
                LimitSpec spec = limitSpec(l.limitSpec(), name, true);
                if (spec != null) {
                    limits.put(name, new LimitDef(spec, span(l)));
                } else {
                    limitNames.broken(name); // reported once, where it is declared
                }
            }
        } else if (s instanceof HideStatementContext h) {
            for (ToolNameContext n : h.toolName()) {
                String name = toolName(n);
                if (name == null) {
                    continue;
                }
                hidden.add(new Hidden(name, span(n)));
                rules.add(new Rule(autoId(n.getStart()), Effect.DENY, name, Condition.TRUE, List.of(),
                        "tool " + name + " is hidden by the policy", span(h), RuleKind.HIDE));
            }
        } else if (s instanceof ToolBlockContext b) {
            // `tool a, b { … }` gives each tool the block's rules; what the rules themselves get
            // wrong is reported once, for the first name.
            List<String> targets = new ArrayList<>();
            for (ToolNameContext n : b.toolName()) {
                targets.add(toolName(n));
            }
            Diagnostics reporting = diagnostics;
            try {
                for (int i = 0; i < targets.size(); i++) {
                    String target = targets.get(i);
                    targetSpan = span(b.toolName(i));
                    if (target != null) {
                        for (ToolItemContext item : b.toolItem()) {
                            toolItem(target, item);
                        }
                    }
                    diagnostics = new Diagnostics();
                    repeating = true;
                }
            } finally {
                diagnostics = reporting;
                repeating = false;
            }
        } else {
            methodStatement(s);
        }
    }

    // ---- other kinds of request: resource, prompt, client, default KIND, hide KIND ----

    private void methodStatement(StatementContext s) {
        if (s instanceof ResourceBlockContext b) {
            String glob = b.STRING() == null ? null : string(b.STRING());
            if (glob != null && glob.isEmpty()) {
                diagnostics.error(DiagnosticKind.BAD_VALUE, span(b.STRING().getSymbol()), "a resource URI glob is empty");
                glob = null;
            }
            methodBlock(MethodKind.RESOURCES, glob, b.STRING() == null ? span(b) : span(b.STRING().getSymbol()),
                    b.toolItem(), span(b));
        } else if (s instanceof PromptBlockContext b) {
            methodBlock(MethodKind.PROMPTS, toolName(b.toolName()), b.toolName() == null ? span(b) : span(b.toolName()),
                    b.toolItem(), span(b));
        } else if (s instanceof ClientBlockContext b) {
            MethodKind kind = kindOf(b.kind, true);
            if (kind != null) {
                methodBlock(kind, kind.noun(), span(b.kind), b.toolItem(), span(b));
            }
        } else if (s instanceof MethodDefaultContext d) {
            MethodKind kind = kindOf(d.kind, null);
            if (kind != null) {
                SectionBuilder sb = section(kind, span(d));
                if (sb.defaultEffect != null) {
                    diagnostics.error(DiagnosticKind.DUPLICATE_HEADER, span(d), "the default for " + kind.word()
                            + " is already set");
                } else {
                    sb.defaultEffect = Effect.fromWord(d.effect.getText());
                    sb.defaultSpan = span(d);
                }
            }
        } else if (s instanceof HideMethodStatementContext h) {
            MethodKind kind = switch (h.kind.getText()) {
                case "resource" -> MethodKind.RESOURCES;
                case "prompt" -> MethodKind.PROMPTS;
                default -> null;
            };
            if (kind == null) {
                diagnostics.error(DiagnosticKind.UNKNOWN_METHOD_KIND, span(h.kind), "'hide " + h.kind.getText()
                        + "' names no kind of item", "write `hide NAME, NAME` for tools, `hide resource \"GLOB\"` or "
                        + "`hide prompt NAME`");
                return;
            }
            SectionBuilder sb = section(kind, span(h));
            for (ToolNameContext n : h.toolName()) {
                String name = kind == MethodKind.RESOURCES ? resourceName(n) : toolName(n);
                if (name == null) {
                    continue;
                }
                sb.hidden.add(new Hidden(name, span(n)));
                sb.rules.add(new Rule(autoId(n.getStart()), Effect.DENY, name, Condition.TRUE, List.of(),
                        kind.noun() + " " + name + " is hidden by the policy", span(h), RuleKind.HIDE, span(n)));
            }
        }
    }

    private void methodBlock(MethodKind kind, String target, Span where, List<ToolItemContext> items, Span block) {
        if (target == null) {
            return;
        }
        section = section(kind, block);
        targetSpan = where;
        try {
            for (ToolItemContext item : items) {
                if (item instanceof ValidateItemContext v) {
                    diagnostics.error(DiagnosticKind.ITEM_NOT_FOR_KIND, span(v), "validate checks a tool's inputSchema;"
                            + " " + kind.word() + " have none", "use require, or conditions on the arguments");
                    continue;
                }
                toolItem(target, item);
            }
        } finally {
            section = null;
        }
    }

    private SectionBuilder section(MethodKind kind, Span where) {
        return sections.computeIfAbsent(kind, k -> new SectionBuilder(k, where));
    }

    /** {@code client KIND} (client: sampling, elicitation, roots) or {@code default KIND} (any kind). */
    private MethodKind kindOf(KindWordContext word, Boolean fromServer) {
        MethodKind kind = MethodKind.fromWord(word.getText());
        if (kind != null && (fromServer == null || kind.fromServer() == fromServer)) {
            return kind;
        }
        List<String> known = new ArrayList<>();
        for (MethodKind k : MethodKind.values()) {
            if (fromServer == null || k.fromServer() == fromServer) {
                known.add(k.word());
            }
        }
        String near = Suggestions.closest(word.getText(), known);
        diagnostics.error(DiagnosticKind.UNKNOWN_METHOD_KIND, span(word), "'" + word.getText() + "' is not "
                + (fromServer == null ? "a kind of request with a default" : "a request a server sends to the client")
                + " (one of " + String.join(", ", known) + ")", near != null ? "did you mean '" + near + "'?" : null);
        return null;
    }

    /** A resource glob after {@code hide resource}: quoted (URIs hold characters a bare name cannot). */
    private String resourceName(ToolNameContext n) {
        if (n.NAME_STRING() == null) {
            diagnostics.error(DiagnosticKind.BAD_VALUE, span(n), "a resource URI glob is written in quotes",
                    "hide resource \"" + n.getText() + "\"");
            return null;
        }
        String glob = unquote(n.NAME_STRING().getSymbol());
        return glob.isEmpty() ? null : glob;
    }

    private void toolItem(String target, ToolItemContext item) {
        if (item instanceof RequireItemContext r) {
            String custom = r.reasonClause() != null ? string(r.reasonClause().STRING()) : null;
            for (PathContext p : r.path()) {
                List<PathSeg> path = path(p);
                String text = dev.mcppol.runtime.model.Texts.path(path);
                Condition missing = new Condition.Not(new Condition.AtomCond(
                        new Atom.Check(new Operand.Arg(path), new ValueTest.Exists()), span(p)));
                currentRules().add(new Rule(autoId(r.getStart()), Effect.DENY, target, missing, List.of(),
                        custom != null ? custom : "missing required argument '" + text + "'", span(r),
                        RuleKind.REQUIRE, targetSpan));
            }
        } else if (item instanceof ValidateItemContext v) {
            boolean requiredOnly = v.REQUIRED() != null;
            Condition failing = new Condition.Not(new Condition.AtomCond(new Atom.Schema(requiredOnly), span(v)));
            currentRules().add(new Rule(autoId(v.getStart()), Effect.DENY, target, failing, List.of(),
                    v.reasonClause() != null ? string(v.reasonClause().STRING()) : null, span(v), RuleKind.VALIDATE,
                    targetSpan));
        } else if (item instanceof ToolLimitItemContext l) {
            String id = autoId(l.getStart());
            if (l.ruleId != null) {
                id = l.ruleId.STRING() != null ? string(l.ruleId.STRING()) : l.ruleId.getText();
                if (!explicitIds.add(id)) {
                    diagnostics.error(DiagnosticKind.DUPLICATE_RULE_ID, span(l.ruleId), "another rule is already called '"
                            + id + "'", "rule ids name rules in decisions and reports; make each one unique");
                }
            }
            String name = limitUse(l.limitUse(), autoId(l.getStart()));
            if (name != null) {
                (section == null ? toolLimits : section.limits).add(new ToolLimit(target, name, span(l), id,
                        l.reasonClause() != null ? string(l.reasonClause().STRING()) : null));
            }
        } else if (item instanceof RuleItemContext r) {
            rule(target, r);
        }
    }

    private void rule(String target, RuleItemContext r) {
        Effect effect = Effect.fromWord(r.effect.getText());
        String id;
        if (r.ruleId != null) {
            id = r.ruleId.STRING() != null ? string(r.ruleId.STRING()) : r.ruleId.getText();
            if (!explicitIds.add(id)) {
                diagnostics.error(DiagnosticKind.DUPLICATE_RULE_ID, span(r.ruleId), "another rule is already called '"
                        + id + "'", "rule ids name rules in decisions and reports; make each one unique");
            }
        } else {
            id = autoId(r.getStart());
        }
        Condition when = null;
        String reason = null;
        List<String> ruleLimits = new ArrayList<>();
        List<String> approvers = null;
        long grantMillis = -1;
        int inline = 0;
        for (RuleClauseContext c : r.ruleClause()) {
            if (c instanceof WhenClauseContext w) {
                Condition cond = condition(w.condition());
                when = when == null ? cond : Condition.and(List.of(when, cond));
            } else if (c instanceof LimitClauseContext l) {
                if (effect != Effect.ALLOW) {
                    diagnostics.error(DiagnosticKind.LIMIT_ON_NON_ALLOW, span(l), "only allow rules consume limits",
                            "move the limit to an allow rule, or to the tool block as `limit ...`");
                }
                String anonymous = ++inline == 1 ? id : id + "#" + inline;
                String name = limitUse(l.limitUse(), r.ruleId != null ? anonymous : autoId(l.getStart())
                        + (inline == 1 ? "" : "#" + inline));
                if (name != null) {
                    ruleLimits.add(name);
                }
            } else if (c instanceof ReasonOnlyContext ro) {
                if (reason != null) {
                    diagnostics.error(DiagnosticKind.DUPLICATE_HEADER, span(ro), "the rule already has a reason");
                }
                reason = string(ro.reasonClause().STRING());
            } else if (c instanceof ApproversClauseContext ap) {
                approvalOnAsk(effect, ap, "approvers");
                if (approvers != null) {
                    diagnostics.error(DiagnosticKind.DUPLICATE_APPROVAL_SETTING, span(ap), "the rule already names its approvers",
                            "list every approver in one clause: approvers \"a\", \"b\"");
                }
                approvers = new ArrayList<>();
                for (var str : ap.STRING()) {
                    String who = string(str);
                    if (who.isBlank()) {
                        diagnostics.error(DiagnosticKind.BAD_APPROVAL_SETTING, span(ap), "an approver needs a name",
                                "name an identity or a group, e.g. approvers \"security\"");
                    } else if (!approvers.contains(who)) {
                        approvers.add(who);
                    }
                }
            } else if (c instanceof ApproveForClauseContext af) {
                approvalOnAsk(effect, af, "approve for");
                if (grantMillis >= 0) {
                    diagnostics.error(DiagnosticKind.DUPLICATE_APPROVAL_SETTING, span(af), "the rule already says how long an approval lasts");
                }
                grantMillis = Durations.parse(af.DURATION().getText());
                if (grantMillis <= 0) {
                    diagnostics.error(DiagnosticKind.BAD_APPROVAL_SETTING, span(af), "an approval must last longer than 0",
                            "write a duration like 30m, 1h or 1d; leave the clause out for an approval that admits one call");
                    grantMillis = 0;
                }
            }
        }
        AskOptions ask = approvers == null && grantMillis <= 0 ? AskOptions.NONE
                : new AskOptions(approvers == null ? List.of() : approvers, Math.max(0, grantMillis));
        currentRules().add(new Rule(id, effect, target, when == null ? Condition.TRUE : when, ruleLimits, reason,
                span(r), RuleKind.RULE, targetSpan, ask));
    }

    private List<Rule> currentRules() {
        return section == null ? rules : section.rules;
    }

    /** Approval settings belong to ask rules: a person approves nothing an allow or deny rule decides. */
    private void approvalOnAsk(Effect effect, ParserRuleContext clause, String what) {
        if (effect != Effect.ASK) {
            diagnostics.error(DiagnosticKind.APPROVAL_ON_NON_ASK, span(clause), "`" + what + "` applies to ask rules only",
                    "make the rule `ask`, or drop the clause");
        }
    }

    /** Resolves a limit use to a limit name, declaring an anonymous per-tool limit for an inline one. */
    private String limitUse(LimitUseContext use, String anonymousName) {
        if (use instanceof NamedLimitContext n) {
            if (!repeating) {
                limitNames.used(n.ident().getText(), span(n));
            }
            return n.ident().getText();
        }
        LimitSpec spec = limitSpec(((InlineLimitContext) use).limitSpec(), anonymousName, false);
        if (spec == null) {
            return null;
        }
        // Anonymous names come from rule ids or lines; two on one line (or a rule named like a
        // declared limit) must not overwrite each other's counters.
        String name = anonymousName;
        for (int n = 2; limits.containsKey(name); n++) {
            name = anonymousName + "#" + n;
        }
        if (!name.equals(anonymousName)) {
            spec = spec.named(name, spec.shared());
        }
        limits.put(name, new LimitDef(spec, span(use)));
        return name;
    }

    /** Largest call count a limiter counts exactly: 2^52 millionths, in whole calls. */
    static final BigDecimal MAX_COUNT = BigDecimal.valueOf(LimitRequest.MAX_UNITS / 1_000_000L);
    /** Largest budget: 2^52 millionths. */
    static final BigDecimal MAX_BUDGET = BigDecimal.valueOf(LimitRequest.MAX_UNITS, LimitRequest.SCALE);

    private LimitSpec limitSpec(LimitSpecContext ctx, String name, boolean shared) {
        Scope scope = Scope.SESSION;
        BigDecimal max;
        List<PathSeg> amount = List.of();
        TerminalNode duration;
        ScopeClauseContext scopeClause;
        if (ctx instanceof CountLimitContext c) {
            max = new BigDecimal(c.INT().getText());
            duration = c.DURATION();
            scopeClause = c.scopeClause();
        } else {
            SumLimitContext s = (SumLimitContext) ctx;
            amount = path(s.path());
            max = number(s.number());
            duration = s.DURATION();
            scopeClause = s.scopeClause();
        }
        List<PathSeg> scopeClaim = List.of();
        if (scopeClause != null && scopeClause.claimPath != null) {
            scopeClaim = claimPath(scopeClause.claimPath);
            if (scopeClaim == null) {
                diagnostics.error(DiagnosticKind.BAD_VALUE, span(scopeClause.claimPath), "'"
                        + scopeClause.claimPath.getText() + "' is not a scope", SCOPES);
                return null;
            }
            scope = Scope.CLAIM;
        } else if (scopeClause != null) {
            scope = Scope.fromWord(scopeClause.scope.getText());
        }
        long window = Durations.parse(duration.getText());
        if (window <= 0 || window > 366L * 86_400_000L) {
            diagnostics.error(DiagnosticKind.BAD_VALUE, span(duration.getSymbol()), "window " + duration.getText()
                    + " must be longer than 0 and at most 366d");
            return null;
        }
        if (max.signum() < 0) {
            diagnostics.error(DiagnosticKind.BAD_VALUE, span(ctx), "a limit's maximum must not be negative");
            return null;
        }
        // Limiters count exactly, in millionths up to 2^52 (LimitRequest.units): a larger or finer
        // maximum would deny every call as uncountable at run time, so it is refused here.
        if (amount.isEmpty() && max.signum() == 0) {
            diagnostics.error(DiagnosticKind.LIMIT_NOT_COUNTABLE, span(ctx), "limit 0 admits no call at all",
                    "to refuse every call write `deny`; a limit needs at least 1 call per window");
            return null;
        }
        BigDecimal largest = amount.isEmpty() ? MAX_COUNT : MAX_BUDGET;
        if (max.compareTo(largest) > 0 || LimitRequest.units(max) == LimitRequest.NOT_REPRESENTABLE) {
            diagnostics.error(DiagnosticKind.LIMIT_NOT_COUNTABLE, span(ctx), (amount.isEmpty() ? "a count of "
                    : "a budget of ") + max.toPlainString() + " cannot be counted exactly: every call would be denied",
                    amount.isEmpty() ? "the largest count is " + MAX_COUNT.toPlainString() + " per window"
                            : "a budget is at most " + MAX_BUDGET.toPlainString() + ", with at most 6 decimals");
            return null;
        }
        return new LimitSpec(name, shared, amount, max, window, scope, scopeClaim);
    }

    // ---- conditions ----

    private Condition condition(ConditionContext c) {
        if (c instanceof AndConditionContext || c instanceof OrConditionContext) {
            return chain(c);
        }
        if (c instanceof NotConditionContext n) {
            return new Condition.Not(condition(n.condition()));
        }
        if (c instanceof ParenConditionContext p) {
            return condition(p.condition());
        }
        Operand operand;
        ValueTest test;
        if (c instanceof CompareConditionContext cmp) {
            operand = operand(cmp.operand());
            test = new ValueTest.Cmp(CmpOp.fromSymbol(cmp.op.getText()), literal(cmp.literal()));
        } else if (c instanceof ReversedCompareConditionContext cmp) {
            operand = operand(cmp.operand());
            test = new ValueTest.Cmp(CmpOp.fromSymbol(cmp.op.getText()).flipped(), literal(cmp.literal()));
        } else if (c instanceof InConditionContext in) {
            operand = operand(in.operand());
            List<JsonNode> values = new ArrayList<>();
            for (LiteralContext l : in.literal()) {
                values.add(literal(l));
            }
            Condition atom = new Condition.AtomCond(new Atom.Check(operand, new ValueTest.In(values)), span(c));
            // `a not in [..]` is false when a is missing, like `!=`; only `not (a in [..])` is plain negation.
            return in.NOT() != null ? dev.mcppol.compiler.ir.Presence.notIn((Condition.AtomCond) atom, operand, span(c))
                    : atom;
        } else if (c instanceof MatchesConditionContext m) {
            operand = operand(m.operand());
            test = new ValueTest.Matches(regex(m.REGEX().getSymbol()));
        } else if (c instanceof StartsWithConditionContext s) {
            operand = operand(s.operand());
            test = new ValueTest.Prefix(string(s.STRING()));
        } else if (c instanceof EndsWithConditionContext s) {
            operand = operand(s.operand());
            test = new ValueTest.Suffix(string(s.STRING()));
        } else if (c instanceof UnderConditionContext u) {
            operand = operand(u.operand());
            String base = string(u.STRING());
            String normal = dev.mcppol.runtime.model.Paths.normalBase(base);
            if (normal == null) {
                diagnostics.error(DiagnosticKind.BAD_PATH_BASE, span(u), "the base of `under` must be an absolute"
                        + " path (starting with /, without backslashes or NUL) or a local file: URI (file:///dir,"
                        + " without another host, .. segments or encoded separators): "
                        + dev.mcppol.runtime.model.Texts.quote(base));
                normal = "/";
            }
            test = new ValueTest.Under(normal);
        } else if (c instanceof ContainsConditionContext s) {
            operand = operand(s.operand());
            test = new ValueTest.Contains(literal(s.literal()));
        } else if (c instanceof ExistsConditionContext e) {
            operand = operand(e.operand());
            test = new ValueTest.Exists();
        } else {
            // A grammar alternative with no lowering: a mistake of this class, never of the policy.
            throw new IllegalStateException("condition not lowered: " + c.getClass().getSimpleName());
        }
        return new Condition.AtomCond(new Atom.Check(operand, test), span(c));
    }

    /** {@code a and b and c ...} parses left-deep; flatten it without recursion, however long. */
    private Condition chain(ConditionContext top) {
        boolean isAnd = top instanceof AndConditionContext;
        Deque<ConditionContext> rights = new ArrayDeque<>();
        ConditionContext cur = top;
        while (isAnd ? cur instanceof AndConditionContext : cur instanceof OrConditionContext) {
            List<ConditionContext> pair = cur.getRuleContexts(ConditionContext.class);
            rights.push(pair.get(1));
            cur = pair.get(0);
        }
        List<Condition> parts = new ArrayList<>();
        parts.add(condition(cur));
        while (!rights.isEmpty()) {
            parts.add(condition(rights.pop()));
        }
        return isAnd ? new Condition.And(parts) : new Condition.Or(parts);
    }

    private Operand operand(OperandContext o) {
        if (o instanceof SessionOperandContext) {
            return new Operand.Session();
        }
        if (o instanceof IdentityOperandContext) {
            return new Operand.Identity();
        }
        if (o instanceof LenOperandContext l) {
            List<PathSeg> claim = claimPath(l.path());
            return claim != null ? new Operand.Claim(claim, true) : new Operand.Len(path(l.path()));
        }
        PathContext p = ((PathOperandContext) o).path();
        List<PathSeg> claim = claimPath(p);
        return claim != null ? new Operand.Claim(claim, false) : new Operand.Arg(path(p));
    }

    /**
     * {@code claims.NAME…}: the path inside the verified token's claims; null for any other path (an
     * argument, including one called {@code claims}, written bare or as {@code args.claims}).
     */
    private List<PathSeg> claimPath(PathContext p) {
        if (p.head.CLAIMS() == null || p.segment().isEmpty() || !(p.segment(0) instanceof KeySegmentContext
                || p.segment(0) instanceof QuotedKeySegmentContext)) {
            return null;
        }
        List<PathSeg> all = path(p);
        return all.subList(1, all.size());
    }

    private List<PathSeg> path(PathContext p) {
        List<PathSeg> out = new ArrayList<>();
        boolean argsPrefix = p.head.ARGS() != null && !p.segment().isEmpty();
        if (!argsPrefix) {
            out.add(new PathSeg.Key(p.head.getText()));
        }
        for (SegmentContext s : p.segment()) {
            if (s instanceof KeySegmentContext k) {
                out.add(new PathSeg.Key(k.keyName().getText()));
            } else if (s instanceof QuotedKeySegmentContext q) {
                out.add(new PathSeg.Key(string(q.STRING())));
            } else if (s instanceof IndexSegmentContext i) {
                try {
                    out.add(new PathSeg.Index(Integer.parseInt(i.INT().getText())));
                } catch (NumberFormatException e) {
                    diagnostics.error(DiagnosticKind.BAD_VALUE, span(i), "array index too large");
                    out.add(new PathSeg.Index(Integer.MAX_VALUE));
                }
            } else {
                out.add(new PathSeg.Any());
            }
        }
        if (argsPrefix && out.get(0) instanceof PathSeg.Any) {
            diagnostics.error(DiagnosticKind.BAD_VALUE, span(p), "args is an object: [*] does not apply to it");
        }
        return out;
    }

    private JsonNode literal(LiteralContext l) {
        if (l instanceof StringLiteralContext s) {
            return Json.NODES.stringNode(string(s.STRING()));
        }
        if (l instanceof NumberLiteralContext n) {
            BigDecimal d = number(n.number());
            if (d.scale() <= 0) {
                BigInteger i = d.toBigIntegerExact();
                return i.bitLength() < 63 ? Json.NODES.numberNode(i.longValue()) : Json.NODES.numberNode(i);
            }
            return Json.NODES.numberNode(d);
        }
        if (l instanceof TrueLiteralContext) {
            return Json.NODES.booleanNode(true);
        }
        if (l instanceof FalseLiteralContext) {
            return Json.NODES.booleanNode(false);
        }
        if (l instanceof NullLiteralContext) {
            return Json.NODES.nullNode();
        }
        tools.jackson.databind.node.ArrayNode arr = Json.NODES.arrayNode();
        for (LiteralContext e : ((ListLiteralContext) l).literal()) {
            arr.add(literal(e));
        }
        return arr;
    }

    private static BigDecimal number(NumberContext n) {
        BigDecimal d = new BigDecimal(n.INT() != null ? n.INT().getText() : n.DECIMAL().getText());
        return n.MINUS() != null ? d.negate() : d;
    }

    /** {@code /re/flags} to RE2 syntax, checked now so a bad regex is an error at its position. */
    private String regex(Token t) {
        String text = t.getText();
        int close = text.lastIndexOf('/');
        String body = text.substring(1, close).replace("\\/", "/");
        String flags = text.substring(close + 1);
        String re = flags.isEmpty() ? body : "(?" + flags + ")" + body;
        try {
            dev.mcppol.runtime.model.Regexes.compile(re);
        } catch (PatternSyntaxException e) {
            diagnostics.error(DiagnosticKind.INVALID_REGEX, span(t), "invalid regular expression: "
                    + e.getDescription(), "mcppol uses RE2 syntax: no backreferences or lookaround");
        }
        return re;
    }

    private String string(TerminalNode node) {
        return unquote(node.getSymbol());
    }

    private String unquote(Token t) {
        String text = t.getText();
        if (plainString(text)) {
            // Most literals have no escape and no control character: their value is what the quotes hold.
            return text.substring(1, text.length() - 1);
        }
        try {
            return Json.MAPPER.readTree(text).stringValue();
        } catch (tools.jackson.core.JacksonException e) {
            diagnostics.error(DiagnosticKind.BAD_VALUE, span(t), "invalid string literal");
            return t.getText();
        }
    }

    /** A string token whose content needs no JSON decoding (no backslash, nothing JSON refuses unescaped). */
    static boolean plainString(String text) {
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"' || c < 0x20) {
                return false;
            }
        }
        return true;
    }

    private String toolName(ToolNameContext n) {
        if (n == null) {
            return null;
        }
        String name = n.NAME_STRING() != null ? unquote(n.NAME_STRING().getSymbol()) : n.getText();
        if (!TOOL_NAME.matcher(name).matches()) {
            diagnostics.error(DiagnosticKind.INVALID_TOOL_NAME, span(n), "'" + name
                    + "' is not an MCP tool name (1 to 128 of A-Z a-z 0-9 _ . -, and * ? as globs)");
            return null;
        }
        return name;
    }

    // ---- positions ----

    private String autoId(Token t) {
        return idPrefix + ":" + t.getLine();
    }

    private Span span(Token t) {
        int len = t.getText() == null ? 1 : Math.max(1, t.getText().length());
        return new Span(file, t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                t.getCharPositionInLine() + len);
    }

    private Span span(ParserRuleContext c) {
        Token start = c.getStart();
        Token stop = c.getStop() != null && c.getStop().getTokenIndex() >= start.getTokenIndex() ? c.getStop() : start;
        int stopLen = stop.getText() == null ? 1 : Math.max(1, stop.getText().length());
        return new Span(file, start.getLine(), start.getCharPositionInLine() + 1, stop.getLine(),
                stop.getCharPositionInLine() + stopLen);
    }
}
