package dev.mcppol.policytests;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A starting policy drawn from the MCP tool annotations a server announces ({@code readOnlyHint},
 * {@code destructiveHint}, {@code openWorldHint}). Annotations are the server's own hints, not a
 * guarantee, so every rule carries a comment naming the hint it follows, and a tool without them is
 * denied until a person decides:
 * <ul>
 * <li>{@code readOnlyHint: true}: allowed; limited to 60 calls a minute when it also reaches outside
 *     the server ({@code openWorldHint: true});</li>
 * <li>{@code destructiveHint: true} (and not read-only): a person approves each call ({@code ask});</li>
 * <li>{@code destructiveHint: false}, not read-only (it adds or changes, never destroys): allowed,
 *     10 calls a minute;</li>
 * <li>neither hint given: denied.</li>
 * </ul>
 */
final class AnnotationDraft {

    enum Kind {
        READ("allow"), READ_OUTSIDE("allow"), DESTRUCTIVE("ask"), ADDITIVE("allow"), UNKNOWN("deny");

        private final String firstCall;

        Kind(String firstCall) {
            this.firstCall = firstCall;
        }

        /** The outcome of the tool's first call under the drafted rule. */
        String firstCall() {
            return firstCall;
        }
    }

    record Entry(String tool, Kind kind) {
    }

    private final List<Entry> entries;

    private AnnotationDraft(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static AnnotationDraft of(JsonNode snapshot) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode tool : snapshot.path("tools")) {
            entries.add(new Entry(tool.path("name").asString(), kind(tool.path("annotations"))));
        }
        return new AnnotationDraft(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    static Kind kind(JsonNode a) {
        JsonNode readOnly = a.get("readOnlyHint");
        JsonNode destructive = a.get("destructiveHint");
        if (readOnly != null && readOnly.isBoolean() && readOnly.asBoolean()) {
            JsonNode open = a.get("openWorldHint");
            return open != null && open.isBoolean() && open.asBoolean() ? Kind.READ_OUTSIDE : Kind.READ;
        }
        if (destructive != null && destructive.isBoolean()) {
            return destructive.asBoolean() ? Kind.DESTRUCTIVE : Kind.ADDITIVE;
        }
        return Kind.UNKNOWN;
    }

    String policy(String name, String toolsFile) {
        StringBuilder out = new StringBuilder();
        out.append("# A starting policy, drafted by `mcppol init` from the tools' MCP annotations.\n")
                .append("# Annotations are the server's own hints, not a guarantee: review every rule before relying on it.\n")
                .append("policy ").append(name).append('\n')
                .append("tools \"").append(toolsFile).append("\"\n")
                .append("default deny\n")
                .append("# Requests other than tool calls (docs/DESIGN.md, \"Every MCP method\"): resources are read only\n")
                .append("# where a `resource \"GLOB\" { allow }` block says so; prompts and what the server asks of the\n")
                .append("# client (sampling spends the user's model tokens) pass until you decide them here.\n")
                .append("default resources deny\n")
                .append("default prompts allow\n")
                .append("default sampling allow\n")
                .append("default elicitation allow\n")
                .append("default roots allow\n");
        for (Entry e : entries) {
            String t = e.tool();
            out.append('\n');
            switch (e.kind()) {
                case READ -> out.append("# ").append(t).append(": readOnlyHint, so it only reads: allowed\n")
                        .append("tool ").append(t).append(" { allow }\n");
                case READ_OUTSIDE -> out.append("# ").append(t)
                        .append(": readOnlyHint and openWorldHint, so it reads from outside the server: allowed, 60 a minute\n")
                        .append("tool ").append(t).append(" { allow limit 60 per 1m }\n");
                case DESTRUCTIVE -> out.append("# ").append(t)
                        .append(": destructiveHint, so it may delete or overwrite: a person approves each call\n")
                        .append("tool ").append(t).append(" { ask reason \"").append(t)
                        .append(" may delete or overwrite data: a person approves each call\" }\n");
                case ADDITIVE -> out.append("# ").append(t)
                        .append(": not read-only, destructiveHint false, so it adds or changes but does not destroy: allowed, 10 a minute\n")
                        .append("tool ").append(t).append(" { allow limit 10 per 1m }\n");
                case UNKNOWN -> out.append("# ").append(t)
                        .append(": no readOnlyHint or destructiveHint, so what it does is unknown: denied until you decide\n")
                        .append("tool ").append(t).append(" { deny reason \"").append(t)
                        .append(" announces no annotations: allow it once you know what it does\" }\n");
                default -> throw new IllegalStateException("kind " + e.kind());
            }
        }
        return out.toString();
    }
}
