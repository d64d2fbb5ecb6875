package dev.mcppol.compiler.load;

/** The formats a policy argument may be in; {@link #AUTO} sniffs extension and content. */
public enum InputFormat {
    AUTO, DSL, INTERCEPT, POLICYLAYER, BUNDLE
}
