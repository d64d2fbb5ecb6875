package dev.mcppol.compiler.ir;

/** Where a rule came from; all of them decide alike, the kind only shapes messages and printing. */
public enum RuleKind {
    /** {@code allow | deny | ask ...} */
    RULE,
    /** {@code require a}: deny when {@code a} is missing. */
    REQUIRE,
    /** {@code validate}: deny when the arguments fail the tool's inputSchema. */
    VALIDATE,
    /** {@code hide T}: deny, and drop from {@code tools/list}. */
    HIDE
}
