package dev.mcppol.compiler.inspect;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.MethodKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mcppol inspect}: a bundle as a decision table a person can read. Each row is one path
 * through a tool's diagram: the tests it passes and fails, then the outcome, rule and limits.
 */
public final class BundleInspector {

    /** Rows printed per tool before the table is cut short (a diagram can have many paths). */
    public static final int MAX_ROWS = 200;

    public String render(Bundle b) {
        StringBuilder out = new StringBuilder();
        out.append("policy ").append(b.policyName()).append("  (default ").append(b.defaultEffect().word())
                .append(")\nsha256 ").append(b.sha256()).append('\n');
        if (!b.limits().isEmpty()) {
            out.append("\nlimits:\n");
            for (LimitSpec l : b.limits()) {
                out.append("  ").append(l.name()).append(": ").append(l.text())
                        .append(l.shared() ? " (one counter for every tool)" : " (counted per tool)").append('\n');
            }
        }
        if (!b.hidden().isEmpty()) {
            out.append("\nhidden from tools/list: ").append(String.join(", ", b.hidden())).append('\n');
        }
        for (Map.Entry<String, Diagram> e : new java.util.TreeMap<>(b.tools()).entrySet()) {
            table(out, "tool " + e.getKey(), b, e.getValue());
        }
        table(out, "any other tool", b, b.fallback());
        for (MethodKind kind : MethodKind.values()) {
            Bundle section = b.method(kind);
            if (section != null) {
                section(out, kind, section);
            }
        }
        if (b.methods().isEmpty()) {
            out.append("\nresources/read, prompts/get, sampling, elicitation, roots/list: unchecked (the policy names none)\n");
        }
        return out.toString();
    }

    /** A kind of request other than tools/call: its default, hidden names and tables. */
    private void section(StringBuilder out, MethodKind kind, Bundle s) {
        out.append("\n").append(kind.word()).append(" (").append(methods(kind)).append("), default ")
                .append(s.defaultEffect().word()).append('\n');
        if (!s.hidden().isEmpty()) {
            out.append("hidden from ").append(kind == MethodKind.RESOURCES ? "resources/list and resources/templates/list"
                    : "prompts/list").append(": ").append(String.join(", ", s.hidden())).append('\n');
        }
        for (Map.Entry<String, Diagram> e : new java.util.TreeMap<>(s.tools()).entrySet()) {
            table(out, kind.fromServer() ? kind.noun() : kind.noun() + " " + e.getKey(), s, e.getValue(), kind.noun());
        }
        if (!kind.fromServer()) {
            table(out, "any other " + kind.noun(), s, s.fallback(), kind.noun());
        } else if (s.tools().isEmpty()) {
            table(out, kind.noun(), s, s.fallback(), kind.noun());
        }
    }

    private static String methods(MethodKind kind) {
        return switch (kind) {
            case RESOURCES -> "resources/read, resources/subscribe";
            case PROMPTS -> "prompts/get";
            case SAMPLING -> "sampling/createMessage, from the server";
            case ELICITATION -> "elicitation/create, from the server";
            case ROOTS -> "roots/list, from the server";
        };
    }

    private void table(StringBuilder out, String title, Bundle b, Diagram d) {
        table(out, title, b, d, "tool");
    }

    private void table(StringBuilder out, String title, Bundle b, Diagram d, String noun) {
        List<String> rows = new ArrayList<>();
        paths(b, d, d.root(), new ArrayList<>(), rows, noun);
        out.append('\n').append(title).append("  (").append(d.size()).append(d.size() == 1 ? " test, " : " tests, ")
                .append(rows.size()).append(rows.size() == 1 ? " path)\n" : " paths)\n");
        int n = 0;
        for (String row : rows) {
            if (++n > MAX_ROWS) {
                out.append("  … ").append(rows.size() - MAX_ROWS).append(" more paths\n");
                break;
            }
            out.append(String.format("  %3d. ", n)).append(row).append('\n');
        }
    }

    private void paths(Bundle b, Diagram d, int ref, List<String> conditions, List<String> rows, String noun) {
        if (rows.size() > MAX_ROWS) {
            rows.add("");
            return;
        }
        if (ref < 0) {
            String when = conditions.isEmpty() ? "always" : String.join(", ", conditions);
            rows.add(when + "  →  " + leaf(b, b.leaves().get(Diagram.leafOf(ref))));
            return;
        }
        String test = atomText(b.atoms().get(d.atom()[ref]), noun);
        conditions.add("not " + test);
        paths(b, d, d.low()[ref], conditions, rows, noun);
        conditions.set(conditions.size() - 1, test);
        paths(b, d, d.high()[ref], conditions, rows, noun);
        conditions.remove(conditions.size() - 1);
    }

    static String atomText(Atom a) {
        return a.key();
    }

    /** An atom as a section shows it: a subject glob reads {@code uri ~ "…"} or {@code prompt ~ "…"}. */
    static String atomText(Atom a, String noun) {
        if (a instanceof Atom.ToolName t && !noun.equals("tool")) {
            return (noun.equals("resource") ? "uri" : noun) + " ~ " + dev.mcppol.runtime.model.Texts.quote(t.glob());
        }
        return a.key();
    }

    static String leaf(Bundle b, Leaf leaf) {
        StringBuilder s = new StringBuilder(leaf.outcome().word());
        if (leaf.rules().isEmpty()) {
            s.append(" (default)");
        }
        for (int r : leaf.rules()) {
            RuleInfo info = b.rules().get(r);
            // A rule without a name is called by its position: print the position once.
            if (info.source().contains(info.id() + ":")) {
                s.append(" by ").append(info.source());
            } else {
                s.append(" by ").append(info.id()).append(" (").append(info.source()).append(')');
            }
            if (info.reason() != null) {
                s.append(": \"").append(info.reason()).append('"');
            }
            if (!info.approvers().isEmpty()) {
                s.append("; approvers ").append(String.join(", ", info.approvers()));
            }
            if (info.grantMillis() > 0) {
                s.append("; approve for ").append(dev.mcppol.runtime.model.Durations.format(info.grantMillis()));
            }
        }
        if (!leaf.limits().isEmpty()) {
            s.append(leaf.outcome() == dev.mcppol.runtime.model.Outcome.ASK ? "; consumes when approved " : "; consumes ");
            List<String> names = new ArrayList<>();
            for (int l : leaf.limits()) {
                names.add(b.limits().get(l).name());
            }
            s.append(String.join(", ", names));
        }
        return s.toString();
    }
}
