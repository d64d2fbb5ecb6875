package dev.mcppol.compiler.diag;

/**
 * Every kind of finding, with its stable code. Codes never change meaning once released: tools and
 * suppressions refer to them. E0xx: syntax and structure; E1xx: schema checks; E2xx: import; W: warnings.
 */
public enum DiagnosticKind {
    SYNTAX("E001", Severity.ERROR, "syntax error"),
    DUPLICATE_HEADER("E002", Severity.ERROR, "duplicate header"),
    UNKNOWN_LIMIT("E003", Severity.ERROR, "unknown limit"),
    DUPLICATE_LIMIT("E004", Severity.ERROR, "duplicate limit name"),
    DUPLICATE_RULE_ID("E005", Severity.ERROR, "duplicate rule id"),
    INVALID_REGEX("E006", Severity.ERROR, "invalid regular expression"),
    NESTING_TOO_DEEP("E007", Severity.ERROR, "expression nested too deeply"),
    BAD_VALUE("E008", Severity.ERROR, "invalid value"),
    LIMIT_ON_NON_ALLOW("E009", Severity.ERROR, "limit on a rule that does not allow"),
    UNREADABLE_FILE("E010", Severity.ERROR, "file cannot be read"),
    BAD_SCHEMA_FILE("E011", Severity.ERROR, "invalid tools/list snapshot"),
    DUPLICATE_TOOL_SCHEMA("E012", Severity.ERROR, "tool defined twice in the schemas"),
    NODE_BUDGET("E013", Severity.ERROR, "decision structure too large"),
    INVALID_TOOL_NAME("E014", Severity.ERROR, "invalid tool name"),
    UNKNOWN_TOOL("E101", Severity.ERROR, "unknown tool"),
    UNKNOWN_ARGUMENT("E102", Severity.ERROR, "unknown argument path"),
    TYPE_MISMATCH("E103", Severity.ERROR, "operator does not apply to the argument's type"),
    OUTSIDE_ENUM("E104", Severity.ERROR, "value outside the argument's enum"),
    REQUIRE_UNDECLARED("E105", Severity.ERROR, "require of an argument the schema does not declare"),
    SHADOWED_RULE("W101", Severity.WARNING, "rule shadowed by an unconditional deny"),
    CONTRADICTORY_CONDITION("W102", Severity.WARNING, "condition can never hold"),
    RULE_NEVER_DECIDES("W103", Severity.WARNING, "rule never decides a call"),
    LIMIT_NEVER_APPLIES("W104", Severity.WARNING, "limit never applies"),
    NEGATION_OF_OPTIONAL("W105", Severity.WARNING, "negation is true when an optional argument is missing"),
    IDENTITY_MAY_BE_ABSENT("W106", Severity.WARNING, "limit scoped by an identity the calls may not carry"),
    UNCOVERED_TOOL("W107", Severity.WARNING, "tool no rule mentions");

    private final String code;
    private final Severity severity;
    private final String title;

    DiagnosticKind(String code, Severity severity, String title) {
        this.code = code;
        this.severity = severity;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }
}
