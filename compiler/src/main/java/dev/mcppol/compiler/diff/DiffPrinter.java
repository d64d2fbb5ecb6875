package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.json.JsonValues;

/** The human form of a {@link DiffReport}. */
public final class DiffPrinter {
    private DiffPrinter() {
    }

    public static String render(DiffReport r) {
        return render(r, false);
    }

    /** With {@code explain}, each "not proven" answer also says which tests kept it unproven, and why. */
    public static String render(DiffReport r, boolean explain) {
        StringBuilder out = new StringBuilder();
        body(out, r, "tool", explain);
        for (String m : r.methodChanges()) {
            out.append(m).append('\n');
        }
        for (var e : r.methods().entrySet()) {
            out.append('\n').append(e.getKey()).append(":\n");
            StringBuilder section = new StringBuilder();
            body(section, e.getValue(), dev.mcppol.runtime.model.MethodKind.fromWord(e.getKey()).noun(), explain);
            section.toString().lines().forEach(l -> out.append(l.isEmpty() ? "" : "  " + l).append('\n'));
        }
        if (r.equivalent()) {
            out.append("equivalent: every call gets the same outcome and consumes the same limits\n");
        } else {
            long proven = r.tools().stream().filter(t -> t.kind() != ToolDiff.Kind.UNKNOWN).count();
            int kinds = r.methodChanges().size() + r.methods().size();
            out.append('\n').append(r.tools().size()).append(r.tools().size() == 1 ? " tool differs" : " tools differ")
                    .append(" (").append(proven).append(" shown by a call)")
                    .append(kinds == 0 ? "" : "; " + kinds + (kinds == 1 ? " other kind of request differs" :
                            " other kinds of request differ")).append('\n');
        }
        return out.toString();
    }

    private static void body(StringBuilder out, DiffReport r, String noun, boolean explain) {
        for (String t : r.added()) {
            out.append(noun).append(' ').append(t).append(": newly named by the policy\n");
        }
        for (String t : r.removed()) {
            out.append(noun).append(' ').append(t).append(": no longer named by the policy\n");
        }
        for (String l : r.limitChanges()) {
            out.append(l).append('\n');
        }
        for (String h : r.hiddenChanges()) {
            out.append(h).append('\n');
        }
        for (ToolDiff d : r.tools()) {
            out.append('\n').append(noun.equals(d.tool()) ? noun : noun + " " + d.tool()).append(": ");
            switch (d.kind()) {
                case OUTCOME -> out.append("behaviour changed\n");
                case LIMITS -> out.append("limits changed\n");
                case APPROVAL -> out.append("who approves, or for how long, changed\n");
                default -> out.append("may have changed (not proven either way)\n");
            }
            if (d.witness() != null) {
                out.append("  call:   ").append(call(d.witness())).append('\n');
                out.append("  before: ").append(decision(d.before())).append('\n');
                out.append("  after:  ").append(decision(d.after())).append('\n');
                if (d.kind() == ToolDiff.Kind.APPROVAL) {
                    out.append("  before approval: ").append(d.oldMeaning()).append('\n');
                    out.append("  after approval:  ").append(d.newMeaning()).append('\n');
                }
                if (d.kind() == ToolDiff.Kind.LIMITS) {
                    out.append("  before consumes: ").append(d.oldMeaning()).append('\n');
                    out.append("  after consumes:  ").append(d.newMeaning()).append('\n');
                }
            }
            if (d.note() != null) {
                out.append("  ").append(d.note()).append('\n');
            }
            if (explain && !d.unproven().isEmpty()) {
                out.append("  unproven because of:\n");
                for (Unproven u : d.unproven()) {
                    out.append("    ").append(u.text()).append('\n');
                }
            }
        }
    }

    private static String call(Call c) {
        StringBuilder s = new StringBuilder(c.tool()).append(' ').append(JsonValues.canonical(c.arguments()));
        if (c.session() != null) {
            s.append(" session=").append(c.session());
        }
        if (c.identity() != null) {
            s.append(" identity=").append(c.identity());
        }
        if (c.claims() != null) {
            s.append(" claims=").append(JsonValues.canonical(c.claims()));
        }
        return s.toString();
    }

    private static String decision(Decision d) {
        return d.outcome().word() + (d.rules().isEmpty() ? " (default)" : " by " + d.ruleId()) + " — " + d.reason();
    }
}
