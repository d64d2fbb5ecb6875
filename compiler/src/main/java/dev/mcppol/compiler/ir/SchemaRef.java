package dev.mcppol.compiler.ir;

/** A {@code tools "FILE"} line: a tools/list snapshot the policy is checked against. */
public record SchemaRef(String path, Span span) {
}
