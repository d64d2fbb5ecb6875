package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.json.JsonValues;

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
            b.append("  actual   ").append(f.actual().outcome().word());
            if (f.actual().rules().isEmpty()) {
                b.append(" by the policy's default");
            } else {
                RuleInfo r = f.actual().rules().get(0);
                b.append(" by rule ").append(r.id()).append(" (").append(r.source()).append(')');
            }
            b.append(": ").append(f.actual().reason()).append('\n');
            b.append("  ").append(f.mismatch()).append('\n');
        }
        b.append(report.passed()).append(" passed, ").append(report.failed()).append(" failed\n");
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
