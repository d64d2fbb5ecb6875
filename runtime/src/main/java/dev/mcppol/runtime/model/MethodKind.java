package dev.mcppol.runtime.model;

/**
 * The kinds of MCP request, besides {@code tools/call}, a policy can decide. Each kind is a section
 * of its own in the IR and the bundle (its own rules, default and hidden names), so a tool glob
 * such as {@code tool * {…}} never reaches a resource or a prompt.
 *
 * <p>The subject of a decision is what the kind's rules name: a resource's URI, a prompt's name, and
 * for the requests a server sends to the client the constant {@link #word()}-less name
 * ({@code sampling}, {@code elicitation}, {@code roots}).
 */
public enum MethodKind {
    /** {@code resources/read}, {@code resources/subscribe}: subject = the URI. */
    RESOURCES("resources", "resource", false),
    /** {@code prompts/get}: subject = the prompt's name. */
    PROMPTS("prompts", "prompt", false),
    /** {@code sampling/createMessage}, sent by the server: subject = {@code sampling}. */
    SAMPLING("sampling", "sampling", true),
    /** {@code elicitation/create}, sent by the server: subject = {@code elicitation}. */
    ELICITATION("elicitation", "elicitation", true),
    /** {@code roots/list}, sent by the server: subject = {@code roots}. */
    ROOTS("roots", "roots", true);

    private final String word;
    private final String noun;
    private final boolean fromServer;

    MethodKind(String word, String noun, boolean fromServer) {
        this.word = word;
        this.noun = noun;
        this.fromServer = fromServer;
    }

    /** The section's name in the DSL ({@code default resources deny}) and in the bundle. */
    public String word() {
        return word;
    }

    /** How a decision names one subject: "resource demo://x", "prompt simple-prompt", "sampling". */
    public String noun() {
        return noun;
    }

    /** True for requests the server sends to the client (answered to the server when refused). */
    public boolean fromServer() {
        return fromServer;
    }

    /** The kind a section word names ({@code resources}, {@code prompts}, …), or null. */
    public static MethodKind fromWord(String word) {
        for (MethodKind k : values()) {
            if (k.word.equals(word)) {
                return k;
            }
        }
        return null;
    }

    /** The kind whose requests a method carries, or null for methods no section decides. */
    public static MethodKind ofMethod(String method) {
        if (method == null) {
            return null;
        }
        return switch (method) {
            case "resources/read", "resources/subscribe" -> RESOURCES;
            case "prompts/get" -> PROMPTS;
            case "sampling/createMessage" -> SAMPLING;
            case "elicitation/create" -> ELICITATION;
            case "roots/list" -> ROOTS;
            default -> null;
        };
    }
}
