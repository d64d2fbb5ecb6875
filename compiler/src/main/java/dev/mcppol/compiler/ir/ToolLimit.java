package dev.mcppol.compiler.ir;

/**
 * A limit every admitted call of the targeted tools consumes, whichever rule allowed it.
 *
 * @param id     the name a limit decision reports (DSL {@code limit x as NAME}, an Intercept {@code "*"}
 *               rule's {@code name}), else {@code file:line}; null: the span's {@code file:line}
 * @param reason the text the agent sees when this limit refuses a call, or null for a generated one
 */
public record ToolLimit(String target, String limit, Span span, String id, String reason) {

    /** A tool limit without a name of its own: decisions name it by where it is written. */
    public ToolLimit(String target, String limit, Span span) {
        this(target, limit, span, null, null);
    }

    /** The id a decision names: the given one, else {@code file:line}. */
    public String ruleId() {
        return id != null ? id : span.file() + ":" + span.line();
    }
}
