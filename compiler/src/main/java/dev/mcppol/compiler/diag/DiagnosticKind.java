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
    APPROVAL_ON_NON_ASK("E140", Severity.ERROR, "approval settings on a rule that does not ask"),
    DUPLICATE_APPROVAL_SETTING("E141", Severity.ERROR, "approval setting given twice"),
    BAD_APPROVAL_SETTING("E142", Severity.ERROR, "invalid approval setting"),
    IMPORT_SYNTAX("E201", Severity.ERROR, "malformed YAML or JSON"),
    IMPORT_DUPLICATE_KEY("E202", Severity.ERROR, "duplicate key"),
    IMPORT_UNKNOWN_KEY("E203", Severity.ERROR, "unknown key"),
    IMPORT_WRONG_TYPE("E204", Severity.ERROR, "value of the wrong type"),
    IMPORT_MISSING_KEY("E205", Severity.ERROR, "required key missing"),
    IMPORT_BAD_VERSION("E206", Severity.ERROR, "unsupported version"),
    IMPORT_BAD_DEFAULT("E207", Severity.ERROR, "invalid default"),
    IMPORT_UNNAMED_RULE("E208", Severity.ERROR, "rule without a name"),
    IMPORT_UNKNOWN_ACTION("E209", Severity.ERROR, "unknown action"),
    IMPORT_DENY_WITH_CONDITIONS("E210", Severity.ERROR, "deny rule with conditions"),
    IMPORT_EVALUATE_WITHOUT_CONDITIONS("E211", Severity.ERROR, "evaluate rule without conditions"),
    IMPORT_BAD_PATH("E212", Severity.ERROR, "invalid condition path"),
    IMPORT_UNKNOWN_OPERATOR("E213", Severity.ERROR, "unknown operator"),
    IMPORT_BAD_OPERAND("E214", Severity.ERROR, "value does not suit the operator"),
    IMPORT_BAD_COUNTER("E215", Severity.ERROR, "invalid counter"),
    IMPORT_BAD_WINDOW("E216", Severity.ERROR, "invalid window"),
    IMPORT_BAD_INCREMENT("E217", Severity.ERROR, "invalid increment"),
    IMPORT_STATE_WITHOUT_BLOCK("E218", Severity.ERROR, "state condition without its state block"),
    IMPORT_BAD_RATE_LIMIT("E219", Severity.ERROR, "invalid rate_limit"),
    IMPORT_CONFLICT("E220", Severity.ERROR, "conflicting keys"),
    IMPORT_DUPLICATE_COUNTER("E221", Severity.ERROR, "duplicate counter"),
    IMPORT_BAD_HIDE("E222", Severity.ERROR, "invalid hide entry"),
    IMPORT_MIXED_DIALECTS("E223", Severity.ERROR, "file mixes policy dialects"),
    IMPORT_YAML_AMBIGUOUS("E224", Severity.ERROR, "YAML scalar read differently by YAML 1.1"),
    IMPORT_BAD_LIMIT("E225", Severity.ERROR, "invalid limit"),
    IMPORT_BAD_STATE_CONDITION("E226", Severity.ERROR, "unsupported state condition"),
    IMPORT_UNPRINTABLE("E227", Severity.ERROR, "cannot be written in the policy language"),
    IMPORT_SHARED_RATE_COUNTER("E228", Severity.ERROR, "two rules of one tool count the same counter"),
    LIMIT_NOT_COUNTABLE("E110", Severity.ERROR, "limit that admits nothing or cannot be counted"),
    // E130–E139, W130–W139: requests other than tools/call (resources, prompts, sampling, …)
    UNKNOWN_METHOD_KIND("E130", Severity.ERROR, "unknown kind of request"),
    UNKNOWN_PROMPT("E131", Severity.ERROR, "unknown prompt"),
    UNKNOWN_PROMPT_ARGUMENT("E132", Severity.ERROR, "unknown prompt argument"),
    ITEM_NOT_FOR_KIND("E133", Severity.ERROR, "item does not apply to this kind of request"),
    UNKNOWN_TEMPLATE_VARIABLE("E134", Severity.ERROR, "not a variable of the resource templates the glob reaches"),
    RESOURCE_GLOB_MATCHES_NOTHING("W130", Severity.WARNING, "resource glob matches no listed resource or template"),
    METHODS_UNCHECKED("W131", Severity.WARNING, "requests other than tools/call pass unchecked"),
    UNKNOWN_TOOL("E101", Severity.ERROR, "unknown tool"),
    UNKNOWN_ARGUMENT("E102", Severity.ERROR, "unknown argument path"),
    TYPE_MISMATCH("E103", Severity.ERROR, "operator does not apply to the argument's type"),
    OUTSIDE_ENUM("E104", Severity.ERROR, "value outside the argument's enum"),
    REQUIRE_UNDECLARED("E105", Severity.ERROR, "require of an argument the schema does not declare"),
    BAD_PATH_BASE("E106", Severity.ERROR, "the base of `under` is not an absolute path or local file: URI"),
    RAW_PATH_PREFIX("W108", Severity.WARNING, "path or URI compared as a raw string"),
    TEST_OF_DEFAULTED("W109", Severity.WARNING, "test of an argument the server fills in with a default"),
    UNKNOWN_CLAIM("E120", Severity.ERROR, "unknown claim"),
    CLAIM_TYPE_MISMATCH("E121", Severity.ERROR, "operator does not apply to the claim's type"),
    CLAIM_OUTSIDE_ENUM("E122", Severity.ERROR, "value outside the claim's enum"),
    BAD_CLAIMS_SCHEMA("E123", Severity.ERROR, "invalid claims schema"),
    CLAIM_SCOPE_NOT_SCALAR("E124", Severity.ERROR, "limit counted per a claim that is not a single value"),
    SHADOWED_RULE("W101", Severity.WARNING, "rule shadowed by an unconditional deny"),
    CONTRADICTORY_CONDITION("W102", Severity.WARNING, "condition can never hold"),
    RULE_NEVER_DECIDES("W103", Severity.WARNING, "rule never decides a call"),
    LIMIT_NEVER_APPLIES("W104", Severity.WARNING, "limit never applies"),
    NEGATION_OF_OPTIONAL("W105", Severity.WARNING, "negation is true when an optional argument is missing"),
    IDENTITY_MAY_BE_ABSENT("W106", Severity.WARNING, "limit scoped by an identity the calls may not carry"),
    UNCOVERED_TOOL("W107", Severity.WARNING, "tool no rule mentions"),
    UNCHECKED_CLAIMS("W120", Severity.WARNING, "claims used without a claims schema"),
    CLAIM_SCOPE_MAY_BE_ABSENT("W121", Severity.WARNING, "limit counted per a claim the token may not carry");

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
