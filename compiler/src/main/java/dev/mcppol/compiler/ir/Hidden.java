package dev.mcppol.compiler.ir;

/** A tool name or glob dropped from {@code tools/list} and always denied. */
public record Hidden(String pattern, Span span) {
}
