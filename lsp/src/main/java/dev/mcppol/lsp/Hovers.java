package dev.mcppol.lsp;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.model.Texts;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import tools.jackson.databind.JsonNode;

/**
 * Hover text: a tool's description and input schema; an argument's type, enumerated values and
 * description; a limit's definition; a rule's outcome and, when the checker found it can never
 * decide a call, why.
 */
final class Hovers {

    /** Longer schemas are cut: a hover is a glance, the snapshot is one "go to definition" away. */
    private static final int MAX_SCHEMA_LINES = 40;

    private Hovers() {
    }

    static Hover at(View view, Analysis analysis, Position pos) {
        PolicySyntax s = view.syntax();
        if (s == null) {
            return null;
        }
        for (PolicySyntax.ToolBlock b : s.tools) {
            if (TextLines.contains(b.nameRange(), pos)) {
                return hover(tool(view, b.name()), b.nameRange());
            }
        }
        for (PolicySyntax.Named h : s.hidden) {
            if (TextLines.contains(h.range(), pos)) {
                return hover("hidden: dropped from `tools/list`, every call denied\n\n" + tool(view, h.name()), h.range());
            }
        }
        for (PolicySyntax.PathSite p : s.paths) {
            if (TextLines.contains(p.range(), pos)) {
                return hover(argument(view, p), p.range());
            }
        }
        for (PolicySyntax.LimitDefinition l : s.limits) {
            if (TextLines.contains(l.nameRange(), pos)) {
                return hover(limit(s, l.name()), l.nameRange());
            }
        }
        for (PolicySyntax.Named u : s.limitUses) {
            if (TextLines.contains(u.range(), pos)) {
                return hover(limit(s, u.name()), u.range());
            }
        }
        for (PolicySyntax.ApprovalClause c : s.approvalClauses) {
            if (TextLines.contains(c.range(), pos)) {
                return hover(approvalClause(c), c.range());
            }
        }
        for (PolicySyntax.RuleSite r : s.rules) {
            if (TextLines.contains(r.range(), pos)) {
                return hover(rule(view, analysis, r), r.range());
            }
        }
        return null;
    }

    private static Hover hover(String markdown, Range range) {
        return markdown == null ? null : new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown), range);
    }

    static String tool(View view, String name) {
        Map<String, JsonNode> covered = view.covered(name);
        if (covered.isEmpty()) {
            return "**tool** `" + name + "`" + (view.tools().isEmpty() ? " — no `tools/list` snapshot is bound"
                    : " — not in the snapshots");
        }
        if (covered.size() > 1 || !covered.containsKey(name)) {
            return "**tools** matching `" + name + "`: " + String.join(", ", covered.keySet().stream()
                    .map(n -> "`" + n + "`").toList());
        }
        JsonNode entry = covered.get(name);
        StringBuilder b = new StringBuilder("**tool** `").append(name).append('`');
        JsonNode d = entry.get("description");
        if (d != null && d.isString()) {
            b.append("\n\n").append(d.stringValue());
        }
        JsonNode schema = entry.get("inputSchema");
        if (schema != null) {
            String[] lines = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(schema).split("\n");
            b.append("\n\n```json\n");
            for (int i = 0; i < Math.min(lines.length, MAX_SCHEMA_LINES); i++) {
                b.append(lines[i]).append('\n');
            }
            if (lines.length > MAX_SCHEMA_LINES) {
                b.append("…\n");
            }
            b.append("```");
        }
        return b.toString();
    }

    static String argument(View view, PolicySyntax.PathSite p) {
        String path = Texts.path(p.path());
        Map<String, JsonNode> covered = view.covered(p.tool());
        if (covered.isEmpty()) {
            return "**argument** `" + path + "`";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonNode> t : covered.entrySet()) {
            List<JsonNode> alts = SchemaInfo.at(t.getValue(), p.path());
            b.append(b.length() == 0 ? "" : "\n\n---\n\n").append("**argument** `").append(path).append("`: ")
                    .append(alts.isEmpty() ? "not declared" : SchemaInfo.typeText(alts));
            if (covered.size() > 1) {
                b.append(" in `").append(t.getKey()).append('`');
            }
            if (p.path().size() >= 1 && p.path().get(p.path().size() - 1) instanceof dev.mcppol.runtime.model.PathSeg.Key k
                    && SchemaInfo.required(t.getValue(), p.path().subList(0, p.path().size() - 1), k.name())) {
                b.append(" (required)");
            }
            List<JsonNode> values = SchemaInfo.enumerated(alts);
            if (!values.isEmpty()) {
                b.append("\n\none of: ").append(JsonValues.canonicalList(values));
            }
            String d = SchemaInfo.description(alts);
            if (d != null) {
                b.append("\n\n").append(d);
            }
        }
        return b.toString();
    }

    static String limit(PolicySyntax s, String name) {
        PolicySyntax.LimitDefinition l = s.limit(name);
        if (l == null) {
            return "**limit** `" + name + "` — not declared";
        }
        return "**limit** `" + name + "`\n\n```mcppol\nlimit " + name + " = " + l.spec() + "\n```\n\n"
                + "a named counter: every rule and tool that uses it counts against the same budget";
    }

    /** What a clause keyword means, for completion items; null for a keyword without a note. */
    static String keyword(String word) {
        return switch (word) {
            case "approvers" -> "`approvers \"NAME\", …` — who may approve what this `ask` rule stops: identities or"
                    + " group names. `mcppol approvals approve ID --by NAME` is refused for anyone else; an eliciting"
                    + " client's user is asked only when they are one of them.";
            case "approve for" -> "`approve for DURATION` — one approval admits the same call (tool, arguments,"
                    + " identity) for that long; without it an approval admits one call.";
            default -> null;
        };
    }

    static String approvalClause(PolicySyntax.ApprovalClause c) {
        if (c.keyword().equals("approvers")) {
            return "**approvers** " + c.text() + "\n\nOnly they may approve a call this `ask` rule stops: `mcppol"
                    + " approvals approve ID --by NAME` is refused for anyone else, and an eliciting client's user is"
                    + " asked only when their identity is one of them (else the call is queued for them).";
        }
        return "**approve for** " + c.text() + "\n\nOne approval admits the same call — same tool, same arguments,"
                + " same identity — for " + c.text() + ", not once only. Limits are still consumed by each call.";
    }

    static String rule(View view, Analysis analysis, PolicySyntax.RuleSite r) {
        StringBuilder b = new StringBuilder("**").append(r.effect()).append("** rule");
        if (r.id() != null) {
            b.append(" `").append(r.id()).append('`');
        }
        b.append(" on `").append(r.tool()).append("`\n\n");
        b.append(switch (r.effect()) {
            case "deny" -> "A matching call is denied, whatever any allow or ask rule says.";
            case "ask" -> "A matching call waits for a person's approval, unless a deny rule matches too.";
            default -> "A matching call is allowed (its limits permitting), unless a deny or ask rule matches too.";
        });
        if (analysis != null) {
            for (Analysis.Published p : analysis.diagnostics()) {
                DiagnosticKind k = p.finding() == null ? null : p.finding().kind();
                if ((k == DiagnosticKind.SHADOWED_RULE || k == DiagnosticKind.RULE_NEVER_DECIDES
                        || k == DiagnosticKind.CONTRADICTORY_CONDITION)
                        && p.sent().getRange().getStart().getLine() >= r.range().getStart().getLine()
                        && p.sent().getRange().getStart().getLine() <= r.range().getEnd().getLine()) {
                    b.append("\n\n**").append(p.finding().code()).append("** ").append(p.finding().message());
                    if (p.finding().help() != null) {
                        b.append("\n\n").append(p.finding().help());
                    }
                }
            }
        }
        return b.toString();
    }
}
