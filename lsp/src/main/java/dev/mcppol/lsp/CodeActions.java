package dev.mcppol.lsp;

import dev.mcppol.compiler.check.CoverageCheck;
import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.runtime.model.Suggestions;
import dev.mcppol.runtime.model.Effect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes: every "did you mean" the checker suggests becomes an edit replacing the typo (in the
 * policy language and in imported YAML/JSON alike), and W107 (a tool no rule mentions) gets
 * "hide it" and "allow it in a tool block".
 */
final class CodeActions {

    /** The checker's help says {@code did you mean 'x'?} (names, paths) or {@code did you mean "x"?} (literals). */
    private static final Pattern DID_YOU_MEAN = Pattern.compile("did you mean (?:'([^']*)'|(\"(?:[^\"\\\\]|\\\\.)*\"))\\?");
    /** Words a typo can be: a quoted literal, or a run of name and path characters. */
    private static final Pattern WORD = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|[A-Za-z0-9_.\\-*?\\[\\]]+");
    private static final Pattern AND = Pattern.compile("\\band\\b");

    private CodeActions() {
    }

    static List<CodeAction> at(Analysis analysis, Range range) {
        List<CodeAction> out = new ArrayList<>();
        for (Analysis.Published p : analysis.diagnostics()) {
            Diagnostic d = p.finding();
            if (d == null || !overlaps(p.sent().getRange(), range)) {
                continue;
            }
            if (d.kind() == DiagnosticKind.UNCOVERED_TOOL) {
                out.addAll(coverage(analysis, p));
                continue;
            }
            String suggestion = suggestion(d);
            if (suggestion == null) {
                continue;
            }
            TextEdit edit = d.kind() == DiagnosticKind.CONTRADICTORY_CONDITION ? andToOr(analysis, p.sent().getRange())
                    : typoFix(analysis.lines(), p.sent().getRange(), suggestion);
            if (edit != null) {
                String typo = analysis.lines().text(edit.getRange());
                CodeAction a = action("Replace '" + typo + "' with '" + edit.getNewText() + "'", analysis.uri(),
                        List.of(edit), p.sent());
                a.setIsPreferred(true);
                out.add(a);
            }
        }
        return out;
    }

    /** The replacement a finding's help suggests, or null. */
    static String suggestion(Diagnostic d) {
        if (d.help() == null) {
            return null;
        }
        Matcher m = DID_YOU_MEAN.matcher(d.help());
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /**
     * The word in {@code range} closest to the suggestion (a name, a path or its tail after a dot, a
     * quoted literal or its inside), replaced by it; null when no word is near enough to be its typo.
     */
    static TextEdit typoFix(TextLines lines, Range range, String suggestion) {
        // Some spans mark only where a word starts (YAML keys): widen to whole words at both ends.
        String all = lines.text();
        int base = lines.offset(range.getStart());
        int end = Math.max(base, lines.offset(range.getEnd()));
        while (base > 0 && isWordChar(all.charAt(base - 1))) {
            base--;
        }
        while (end < all.length() && isWordChar(all.charAt(end))) {
            end++;
        }
        String text = all.substring(base, end);
        int bestStart = -1;
        int bestEnd = -1;
        int bestDistance = Integer.MAX_VALUE;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            List<int[]> candidates = new ArrayList<>();
            candidates.add(new int[]{m.start(), m.end()});
            String w = m.group();
            if (w.startsWith("\"") && w.length() >= 2) {
                candidates.add(new int[]{m.start() + 1, m.end() - 1});
            }
            for (int i = w.indexOf('.'); i >= 0; i = w.indexOf('.', i + 1)) {
                candidates.add(new int[]{m.start() + i + 1, m.end()});
            }
            for (int[] c : candidates) {
                String word = text.substring(c[0], c[1]);
                if (word.isEmpty() || word.equals(suggestion)) {
                    continue;
                }
                int d = Suggestions.distance(word, suggestion);
                int allowed = Math.max(1, Math.min(3, word.length() / 3));
                if (d <= allowed && d < bestDistance) {
                    bestDistance = d;
                    bestStart = c[0];
                    bestEnd = c[1];
                }
            }
        }
        if (bestStart < 0) {
            return null;
        }
        return new TextEdit(new Range(lines.position(base + bestStart), lines.position(base + bestEnd)), suggestion);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    /** W102's "did you mean 'or'": the last {@code and} before the contradicting test, on the rule's lines. */
    private static TextEdit andToOr(Analysis analysis, Range at) {
        TextLines lines = analysis.lines();
        int end = lines.offset(at.getStart());
        int from = 0;
        if (analysis.syntax() != null) {
            for (PolicySyntax.RuleSite r : analysis.syntax().rules) {
                if (TextLines.contains(r.range(), at.getStart())) {
                    from = lines.offset(r.range().getStart());
                }
            }
        }
        Matcher m = AND.matcher(lines.text().substring(from, end));
        int found = -1;
        while (m.find()) {
            found = m.start();
        }
        if (found < 0) {
            return null;
        }
        return new TextEdit(new Range(lines.position(from + found), lines.position(from + found + 3)), "or");
    }

    /** W107: hide the uncovered tools, or allow each in a tool block (the policy language only). */
    private static List<CodeAction> coverage(Analysis analysis, Analysis.Published p) {
        if (analysis.kind() != DocumentKind.DSL || analysis.result() == null || analysis.result().policy() == null) {
            return List.of();
        }
        List<String> tools = CoverageCheck.uncovered(analysis.result().policy(), analysis.result().schemas());
        if (tools.isEmpty()) {
            return List.of();
        }
        List<String> names = tools.stream().map(t -> t.matches("[A-Za-z0-9_.\\-]+") ? t
                : dev.mcppol.runtime.model.Texts.quote(t)).toList();
        TextLines lines = analysis.lines();
        String text = lines.text();
        Position end = lines.position(text.length());
        String lead = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        List<CodeAction> out = new ArrayList<>();
        String them = tools.size() == 1 ? "'" + tools.get(0) + "'" : tools.size() + " uncovered tools";
        out.add(action("Hide " + them, analysis.uri(), List.of(new TextEdit(new Range(end, end),
                lead + "hide " + String.join(", ", names) + "\n")), p.sent()));
        StringBuilder blocks = new StringBuilder(lead);
        for (String n : names) {
            blocks.append("\ntool ").append(n).append(" {\n  allow\n}\n");
        }
        boolean allowDefault = analysis.result().policy().defaultEffect() == Effect.ALLOW;
        out.add(action((allowDefault ? "Add a tool block allowing " : "Allow ") + them + (allowDefault ? ""
                : " in a tool block"), analysis.uri(), List.of(new TextEdit(new Range(end, end), blocks.toString())),
                p.sent()));
        return out;
    }

    private static CodeAction action(String title, String uri, List<TextEdit> edits,
                                     org.eclipse.lsp4j.Diagnostic fixes) {
        CodeAction a = new CodeAction(title);
        a.setKind(CodeActionKind.QuickFix);
        Map<String, List<TextEdit>> changes = new HashMap<>();
        changes.put(uri, edits);
        a.setEdit(new WorkspaceEdit(changes));
        a.setDiagnostics(List.of(fixes));
        return a;
    }

    private static boolean overlaps(Range a, Range b) {
        return !TextLines.before(a.getEnd(), b.getStart()) && !TextLines.before(b.getEnd(), a.getStart());
    }
}
