package dev.mcppol.runtime.handler;

/**
 * Who a message is sent for: the identity the transport established ({@code --identity} on stdio,
 * the identity header on HTTP), or null. Verified claims, where a transport establishes them, are
 * added here so every method handler sees them the same way.
 */
public record Caller(String identity) {

    private static final Caller NOBODY = new Caller(null);

    public static Caller of(String identity) {
        return identity == null ? NOBODY : new Caller(identity);
    }
}
