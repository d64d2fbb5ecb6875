package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.model.LimitSpec;

/** A limit declared in the source (named or inline), with where it was declared. */
public record LimitDef(LimitSpec spec, Span span) {
    public String name() {
        return spec.name();
    }
}
