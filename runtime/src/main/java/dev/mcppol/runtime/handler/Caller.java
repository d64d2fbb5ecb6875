package dev.mcppol.runtime.handler;

import tools.jackson.databind.JsonNode;

/**
 * Who a message is sent for: the identity the transport established ({@code --identity} on stdio,
 * the identity header or the verified token's identity claim on HTTP), or null; and the claims the
 * policy reads as {@code claims.*} (a verified token's on HTTP, {@code --claims} on stdio, the
 * transcript's in a replay), or null when there are none.
 */
public record Caller(String identity, JsonNode claims) {

    private static final Caller NOBODY = new Caller(null, null);

    public static Caller of(String identity) {
        return identity == null ? NOBODY : new Caller(identity, null);
    }

    public static Caller of(String identity, JsonNode claims) {
        return claims == null ? of(identity) : new Caller(identity, claims);
    }
}
