package dev.mcppol.compiler.print;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.Hidden;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.SchemaRef;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Durations;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import dev.mcppol.runtime.model.TestOperator;
import dev.mcppol.runtime.model.Texts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * IR to policy-language text that {@link dev.mcppol.compiler.dsl.DslFrontEnd} reads back to an
 * equivalent policy: every rule keeps its id ({@code as "id"}), inline limits keep their names (the
 * front end names an inline limit after its rule), everything else is declared as a named limit.
 * The policy's notes become {@code #} comments, a rule's own notes above that rule.
 */
public final class DslPrinter {

    private static final Set<String> KEYWORDS = dev.mcppol.compiler.dsl.Keywords.ALL;
    private static final java.util.regex.Pattern IDENT = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.regex.Pattern RAW_TOOL = java.util.regex.Pattern.compile("[A-Za-z0-9_.*?\\-]+");

    private final Policy policy;
    private final Diagnostics diagnostics;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, List<String>> ruleNotes = new LinkedHashMap<>();
    private Set<String> inline = Set.of();

    private DslPrinter(Policy policy, Diagnostics diagnostics) {
        this.policy = policy;
        this.diagnostics = diagnostics;
    }

    /** The policy as text; what cannot be written in the language is reported (E227) and left out. */
    public static String print(Policy policy, Diagnostics diagnostics) {
        return new DslPrinter(policy, diagnostics).run();
    }

    private String run() {
        List<String> general = new ArrayList<>();
        for (String n : policy.notes()) {
            String rule = Notes.ruleOf(n);
            if (rule == null) {
                general.add(n);
            } else {
                ruleNotes.computeIfAbsent(rule, k -> new ArrayList<>()).add(Notes.textOf(n));
            }
        }
        out.append("# imported from ").append(oneLine(policy.span().file())).append(" by mcppol import\n");
        for (String n : general) {
            out.append("# ").append(oneLine(n)).append('\n');
        }
        out.append("policy ").append(ident(policy.name(), "imported")).append('\n');
        for (SchemaRef s : policy.schemaFiles()) {
            out.append("tools ").append(Texts.quote(s.path())).append('\n');
        }
        out.append("default ").append(policy.defaultEffect().word()).append('\n');

        inline = inlineLimits();
        boolean first = true;
        for (LimitDef l : policy.limits()) {
            if (!inline.contains(l.name())) {
                if (first) {
                    out.append('\n');
                    first = false;
                }
                if (!l.spec().shared()) {
                    out.append("# counted separately for each tool in the source; here one counter for all its tools\n");
                }
                out.append("limit ").append(l.name()).append(" = ").append(spec(l.spec())).append('\n');
            }
        }
        if (!policy.hidden().isEmpty()) {
            out.append('\n').append("hide ");
            for (int i = 0; i < policy.hidden().size(); i++) {
                Hidden h = policy.hidden().get(i);
                out.append(i == 0 ? "" : ", ").append(toolName(h.pattern()));
            }
            out.append('\n');
        }
        // Tool limits first in their block: after a rule, `limit x` would read as that rule's clause.
        Map<String, List<Object>> byTool = new LinkedHashMap<>();
        for (ToolLimit t : policy.toolLimits()) {
            byTool.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(t);
        }
        for (Rule r : policy.rules()) {
            if (r.kind() != RuleKind.HIDE) {
                byTool.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<Object>> e : byTool.entrySet()) {
            out.append('\n').append("tool ").append(toolName(e.getKey())).append(" {\n");
            for (Object item : e.getValue()) {
                if (item instanceof Rule r) {
                    rule(r);
                } else {
                    toolLimit((ToolLimit) item);
                }
            }
            out.append("}\n");
        }
        for (dev.mcppol.compiler.ir.MethodRules m : policy.methods()) {
            section(m);
        }
        return out.toString();
    }

    /** {@code default KIND}, {@code hide KIND …} and the kind's blocks ({@code resource "GLOB" {…}} …). */
    private void section(dev.mcppol.compiler.ir.MethodRules m) {
        dev.mcppol.runtime.model.MethodKind kind = m.kind();
        out.append('\n');
        if (m.defaultEffect() != null) {
            out.append("default ").append(kind.word()).append(' ').append(m.defaultEffect().word()).append('\n');
        }
        for (Hidden h : m.hidden()) {
            out.append("hide ").append(kind.noun()).append(' ').append(subject(kind, h.pattern())).append('\n');
        }
        Map<String, List<Object>> bySubject = new LinkedHashMap<>();
        for (ToolLimit t : m.limits()) {
            bySubject.computeIfAbsent(t.target(), k -> new ArrayList<>()).add(t);
        }
        for (Rule r : m.rules()) {
            if (r.kind() != RuleKind.HIDE) {
                bySubject.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<Object>> e : bySubject.entrySet()) {
            out.append(kind.fromServer() ? "client " + kind.word() : kind.noun() + " " + subject(kind, e.getKey()))
                    .append(" {\n");
            for (Object item : e.getValue()) {
                if (item instanceof Rule r) {
                    rule(r);
                } else {
                    out.append("  limit ").append(((ToolLimit) item).limit()).append('\n');
                }
            }
            out.append("}\n");
        }
    }

    private String subject(dev.mcppol.runtime.model.MethodKind kind, String name) {
        return kind == dev.mcppol.runtime.model.MethodKind.RESOURCES ? Texts.quote(name) : toolName(name);
    }

    /** Limits the front end will re-create by name from an inline {@code limit N per D} of their rule. */
    private Set<String> inlineLimits() {
        Set<String> found = new HashSet<>();
        Map<String, Integer> uses = new LinkedHashMap<>();
        for (Rule r : allRules()) {
            r.limits().forEach(l -> uses.merge(l, 1, Integer::sum));
        }
        policy.toolLimits().forEach(t -> uses.merge(t.limit(), 1, Integer::sum));
        policy.methods().forEach(m -> m.limits().forEach(t -> uses.merge(t.limit(), 1, Integer::sum)));
        for (Rule r : allRules()) {
            for (int k = 0; k < r.limits().size(); k++) {
                String l = r.limits().get(k);
                LimitDef def = policy.limit(l);
                if (def != null && !def.spec().shared() && l.equals(inlineName(r.id(), k)) && uses.get(l) == 1) {
                    found.add(l);
                }
            }
        }
        return found;
    }

    /** The tool rules and every section's rules: an inline limit is named after its rule in either. */
    private List<Rule> allRules() {
        List<Rule> all = new ArrayList<>(policy.rules());
        policy.methods().forEach(m -> all.addAll(m.rules()));
        return all;
    }

    private static String inlineName(String id, int index) {
        return index == 0 ? id : id + "#" + (index + 1);
    }

    private void toolLimit(ToolLimit t) {
        if (t.id() != null) {
            for (String n : ruleNotes.getOrDefault(t.id(), List.of())) {
                out.append("  # ").append(oneLine(n)).append('\n');
            }
        }
        out.append("  limit ").append(t.limit());
        if (t.id() != null) {
            out.append(" as ").append(Texts.quote(t.id()));
        }
        if (t.reason() != null) {
            out.append(" reason ").append(Texts.quote(t.reason()));
        }
        out.append('\n');
    }

    private void rule(Rule r) {
        for (String n : ruleNotes.getOrDefault(r.id(), List.of())) {
            out.append("  # ").append(oneLine(n)).append('\n');
        }
        if (r.kind() == RuleKind.VALIDATE && r.when() instanceof Condition.Not n
                && n.operand() instanceof Condition.AtomCond a && a.atom() instanceof Atom.Schema s
                && r.limits().isEmpty()) {
            out.append("  validate").append(s.requiredOnly() ? " required" : "");
            if (r.reason() != null) {
                out.append(" reason ").append(Texts.quote(r.reason()));
            }
            out.append('\n');
            return;
        }
        Condition when = Conditions.substitute(r.when(), a -> a);
        if (when instanceof Condition.Const c && !c.value()) {
            out.append("  # rule ").append(oneLine(r.id())).append(" can never apply and is left out\n");
            return;
        }
        StringBuilder line = new StringBuilder("  ").append(r.effect().word()).append(" as ").append(Texts.quote(r.id()));
        if (!(when instanceof Condition.Const)) {
            String c = condition(when, r);
            if (c == null) {
                return;
            }
            line.append(" when ").append(c);
        }
        for (int k = 0; k < r.limits().size(); k++) {
            String l = r.limits().get(k);
            LimitDef def = policy.limit(l);
            boolean printInline = def != null && inline.contains(l) && l.equals(inlineName(r.id(), k));
            line.append(" limit ").append(printInline ? spec(def.spec()) : l);
        }
        if (!r.ask().approvers().isEmpty()) {
            line.append(" approvers ").append(String.join(", ", r.ask().approvers().stream().map(Texts::quote).toList()));
        }
        if (r.ask().grantMillis() > 0) {
            line.append(" approve for ").append(dev.mcppol.runtime.model.Durations.format(r.ask().grantMillis()));
        }
        if (r.reason() != null) {
            line.append(" reason ").append(Texts.quote(r.reason()));
        }
        out.append(line).append('\n');
    }

    // ---- conditions ----

    /** The condition's text, or null when some atom has no words in the language (reported). */
    private String condition(Condition c, Rule r) {
        return c.accept(new Condition.Visitor<String>() {
            public String constant(Condition.Const k) {
                // Conditions.substitute() leaves a constant only as a whole condition, which the rule's text says itself
                throw new IllegalStateException("a constant inside a condition survived Conditions.substitute()");
            }

            public String atom(Condition.AtomCond a) {
                if (!(a.atom() instanceof Atom.Check check)) {
                    diagnostics.error(DiagnosticKind.IMPORT_UNPRINTABLE, r.span(), "rule " + r.id() + " tests "
                            + a.atom().key() + ", which the policy language can only say as a whole `validate` rule");
                    return null;
                }
                return operand(check.operand()) + " " + test(check.test());
            }

            public String not(Condition.Not n) {
                String inner = condition(n.operand(), r);
                return inner == null ? null : n.operand() instanceof Condition.AtomCond ? "not " + inner
                        : "not (" + inner + ")";
            }

            public String and(Condition.And a) {
                return joined(a.parts(), " and ", r);
            }

            public String or(Condition.Or o) {
                return joined(o.parts(), " or ", r);
            }
        });
    }

    private String joined(List<Condition> parts, String connective, Rule r) {
        List<String> texts = new ArrayList<>();
        for (Condition p : parts) {
            String t = condition(p, r);
            if (t == null) {
                return null;
            }
            texts.add(p instanceof Condition.And || p instanceof Condition.Or ? "(" + t + ")" : t);
        }
        return String.join(connective, texts);
    }

    private static String operand(Operand o) {
        return o.accept(new Operand.Visitor<String>() {
            public String arg(Operand.Arg a) {
                return path(a.path());
            }

            public String len(Operand.Len l) {
                return "len(" + path(l.path()) + ")";
            }

            public String session(Operand.Session x) {
                return "session";
            }

            public String identity(Operand.Identity x) {
                return "identity";
            }

            public String claim(Operand.Claim c) {
                return c.length() ? "len(" + claimPath(c.path()) + ")" : claimPath(c.path());
            }
        });
    }

    /** {@code claims.NAME…}, every key after {@code claims} written like a key inside a path. */
    static String claimPath(List<PathSeg> path) {
        List<PathSeg> full = new ArrayList<>();
        full.add(new PathSeg.Key("x"));
        full.addAll(path);
        return "claims" + path(full).substring(1);
    }

    /**
     * A path the front end reads back exactly: bare where the first key is a plain identifier that
     * is no keyword, else behind {@code args}; keys that are keywords or not identifiers quoted
     * ({@code tool} and {@code hide} switch the lexer's mode, so they must never appear bare).
     */
    static String path(List<PathSeg> path) {
        StringBuilder b = new StringBuilder();
        for (PathSeg s : path) {
            boolean first = b.length() == 0;
            b.append(s.accept(new PathSeg.Visitor<String>() {
                public String key(PathSeg.Key k) {
                    boolean bare = IDENT.matcher(k.name()).matches() && !KEYWORDS.contains(k.name());
                    if (first) {
                        return bare ? k.name() : "args[" + Texts.quote(k.name()) + "]";
                    }
                    return bare ? "." + k.name() : "[" + Texts.quote(k.name()) + "]";
                }

                public String index(PathSeg.Index idx) {
                    return (first ? "args" : "") + "[" + idx.index() + "]";
                }

                public String any(PathSeg.Any a) {
                    return (first ? "args" : "") + "[*]";
                }
            }));
        }
        return b.toString();
    }

    /** A test in the language's words ({@link TestOperator}); literals and regexes as the lexer reads them back. */
    private static String test(ValueTest t) {
        String word = TestOperator.of(t).word();
        return t.accept(new ValueTest.Visitor<String>() {
            public String cmp(ValueTest.Cmp c) {
                return c.op().symbol() + " " + literal(c.value());
            }

            public String in(ValueTest.In in) {
                List<String> vs = new ArrayList<>();
                in.values().forEach(v -> vs.add(literal(v)));
                return word + " [" + String.join(", ", vs) + "]";
            }

            public String matches(ValueTest.Matches m) {
                return word + " " + regex(m.regex());
            }

            public String prefix(ValueTest.Prefix p) {
                return word + " " + Texts.quote(p.prefix());
            }

            public String suffix(ValueTest.Suffix x) {
                return word + " " + Texts.quote(x.suffix());
            }

            public String contains(ValueTest.Contains c) {
                return word + " " + literal(c.value());
            }

            public String exists(ValueTest.Exists e) {
                return word;
            }

            public String under(ValueTest.Under u) {
                return word + " " + Texts.quote(u.base());
            }
        });
    }

    /**
     * {@code /re/} for the lexer, which ends a regex at an unescaped {@code /} and reads no line
     * breaks: every {@code /} (escaped or not) becomes {@code \x2f}, line breaks {@code \n}/{@code \r},
     * both the same to RE2 inside and outside classes.
     */
    static String regex(String re) {
        StringBuilder b = new StringBuilder("/");
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                char n = re.charAt(++i);
                b.append(n == '/' ? "\\x2f" : "\\" + n);
            } else if (c == '/') {
                b.append("\\x2f");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else {
                b.append(c);
            }
        }
        if (re.isEmpty()) {
            b.append("(?:)");
        }
        return b.append('/').toString();
    }

    static String literal(JsonNode v) {
        if (v.isString()) {
            return Texts.quote(v.stringValue());
        }
        if (v.isNumber()) {
            return Texts.exactNumber(v.decimalValue());
        }
        if (v.isBoolean() || v.isNull()) {
            return v.toString();
        }
        List<String> items = new ArrayList<>();
        v.forEach(e -> items.add(literal(e)));
        return "[" + String.join(", ", items) + "]";
    }

    // ---- limits, names ----

    private static String spec(LimitSpec s) {
        String head = s.isBudget() ? "sum(" + path(s.amount()) + ") <= " + number(s.max()) : number(s.max());
        return head + " per " + Durations.format(s.windowMillis()) + " per "
                + (s.scope() == dev.mcppol.runtime.model.Scope.CLAIM ? claimPath(s.scopeClaim()) : s.scope().word());
    }

    private static String number(BigDecimal d) {
        return Texts.exactNumber(d);
    }

    private static String toolName(String name) {
        return RAW_TOOL.matcher(name).matches() ? name : Texts.quote(name);
    }

    private static String ident(String s, String fallback) {
        String t = s.replaceAll("[^A-Za-z0-9_]", "_");
        if (t.isEmpty() || Character.isDigit(t.charAt(0))) {
            t = fallback + "_" + t;
        }
        return KEYWORDS.contains(t) || t.equals("imported_") ? t + "_" : t;
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
