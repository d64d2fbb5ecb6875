package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.json.JsonValues;
import java.util.List;
import java.util.Locale;

/** The human report of a replay: one block per failure, then {@code N passed, N failed}. */
public final class ConsoleReport {
    private ConsoleReport() {
    }

    public static String render(ReplayReport report) {
        StringBuilder b = new StringBuilder();
        for (CallResult f : report.failures()) {
            b.append("FAIL ").append(f.file()).append(':').append(f.line()).append(": ").append(f.tool())
                    .append(' ').append(f.arguments() == null ? "(unreadable arguments)"
                            : abbreviate(JsonValues.canonical(f.arguments()))).append('\n');
            b.append("  session ").append(f.session() == null ? "(none)" : f.session());
            if (f.identity() != null) {
                b.append(", identity ").append(f.identity());
            }
            b.append('\n');
            b.append("  expected ").append(f.expected().text()).append('\n');
            b.append("  actual   ").append(decision(f.actual())).append('\n');
            b.append("  ").append(f.mismatch()).append('\n');
        }
        b.append(report.passed()).append(" passed, ").append(report.failed()).append(" failed\n");
        return b.toString();
    }

    /** {@code deny by rule no_etc (policy.mcppol:6:3): reason} — the outcome, who decided it, and why. */
    public static String decision(CallDecision d) {
        StringBuilder b = new StringBuilder(d.outcome().word());
        if (d.byDefault()) {
            b.append(" by the policy's default");
        } else if (d.decidedBy().isEmpty()) {
            b.append(" by the proxy (").append(d.rule()).append(')');
        } else {
            RuleInfo r = d.decidedBy().get(0);
            b.append(" by rule ").append(r.id()).append(" (").append(r.source()).append(')');
        }
        return b.append(": ").append(d.reason()).toString();
    }

    /** The {@code --coverage} table: each rule's hits by source location, then the rules never hit. */
    public static String coverage(Coverage c) {
        StringBuilder b = new StringBuilder("coverage: ");
        b.append(c.covered()).append(" of ").append(c.total()).append(" rules decided at least one call (")
                .append(String.format(Locale.ROOT, "%.1f", c.percent())).append("%)\n");
        for (Coverage.RuleHits h : c.rules()) {
            b.append(String.format(Locale.ROOT, "  %8d  %s  %s%n", h.hits(), h.rule().source(), label(h.rule())));
        }
        b.append(String.format(Locale.ROOT, "  %8d  (the policy's default)%n", c.byDefault()));
        if (!c.neverHit().isEmpty()) {
            b.append("rules never hit:\n");
            for (RuleInfo r : c.neverHit()) {
                b.append("  ").append(r.source()).append("  ").append(label(r)).append('\n');
            }
        }
        return b.toString();
    }

    /** Id, effect and reason: one source line may hold several rules ({@code require a, b}), told apart by reason. */
    private static String label(RuleInfo r) {
        String reason = r.reason() == null || r.reason().isEmpty() ? "" : ": " + abbreviate(r.reason());
        return r.id() + " (" + r.effect().name().toLowerCase(Locale.ROOT) + reason + ")";
    }

    /** The {@code --baseline} impact list: every call whose outcome the change flips. */
    public static String changes(List<ChangedCall> changes) {
        StringBuilder b = new StringBuilder();
        for (ChangedCall c : changes) {
            b.append("CHANGED ").append(c.file()).append(':').append(c.line()).append(": ").append(c.tool()).append(' ')
                    .append(c.arguments() == null ? "(unreadable arguments)" : abbreviate(JsonValues.canonical(c.arguments())))
                    .append('\n');
            b.append("  session ").append(c.session() == null ? "(none)" : c.session());
            if (c.identity() != null) {
                b.append(", identity ").append(c.identity());
            }
            b.append('\n');
            b.append("  before ").append(decision(c.before())).append('\n');
            b.append("  after  ").append(decision(c.after())).append('\n');
        }
        b.append(changes.size()).append(changes.size() == 1 ? " call changes" : " calls change")
                .append(" outcome against the baseline\n");
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
