package dev.mcppol.runtime.approval;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Durations;
import java.time.Instant;
import java.util.List;

/** How approvals read on a terminal: one line each in a list, every field for one. */
public final class ApprovalText {
    private ApprovalText() {
    }

    /** At most this many characters of the arguments in a list line. */
    private static final int ARGS_IN_LINE = 60;

    public static String table(List<Approval> approvals, long now) {
        if (approvals.isEmpty()) {
            return "no approval requests\n";
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-20s  %-8s  %-20s  %-22s  %-8s  %s%n", "ID", "STATUS", "TOOL", "FOR", "AGE", "ARGUMENTS"));
        for (Approval a : approvals) {
            String args = a.summary() == null ? "" : Json.MAPPER.writeValueAsString(a.summary());
            if (args.length() > ARGS_IN_LINE) {
                args = args.substring(0, ARGS_IN_LINE - 1) + "…";
            }
            b.append(String.format("%-20s  %-8s  %-20s  %-22s  %-8s  %s%n", a.id(), a.status().word(), a.tool(),
                    a.boundTo(), age(now - a.createdAt()), args));
        }
        return b.toString();
    }

    public static String details(Approval a, long now) {
        StringBuilder b = new StringBuilder();
        line(b, "id", a.id());
        line(b, "status", a.status().word());
        line(b, "tool", a.tool());
        line(b, "arguments", a.summary() == null ? "(not shown)" : Json.MAPPER.writeValueAsString(a.summary()));
        line(b, "arguments hash", "sha256:" + a.argumentsHash());
        line(b, "bound to", a.boundTo() + (a.identity() != null && a.session() != null ? " (asked in session " + a.session() + ")" : ""));
        line(b, "rule", a.rule());
        line(b, "reason", a.reason());
        if (!a.approvers().isEmpty()) {
            line(b, "approvers", String.join(", ", a.approvers()));
        }
        line(b, "grant", a.grantMillis() > 0 ? "admits the same call for " + Durations.format(a.grantMillis()) : "admits one call");
        line(b, "created", Instant.ofEpochMilli(a.createdAt()) + " (" + age(now - a.createdAt()) + " ago)");
        line(b, a.status() == ApprovalStatus.PENDING ? "expires" : "valid until", Instant.ofEpochMilli(a.expiresAt()).toString());
        if (a.decidedBy() != null) {
            line(b, "decided by", a.decidedBy() + " at " + Instant.ofEpochMilli(a.decidedAt()));
        }
        if (a.note() != null) {
            line(b, "note", a.note());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format("%-15s %s%n", key + ":", value));
    }

    static String age(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
