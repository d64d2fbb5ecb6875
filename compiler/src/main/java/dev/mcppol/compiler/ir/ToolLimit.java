package dev.mcppol.compiler.ir;

/** A limit every admitted call of the targeted tools consumes, whichever rule allowed it. */
public record ToolLimit(String target, String limit, Span span) {
}
