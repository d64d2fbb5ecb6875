package dev.mcppol.runtime.auth;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The outcome of checking one request's bearer token. */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /** A valid token: who it is for and every claim it carries (as JSON). */
    record Verified(String identity, JsonNode claims, Set<String> scopes) implements Verification {
    }

    /**
     * No usable token. {@code error} is the RFC 6750 code ({@code invalid_token},
     * {@code insufficient_scope}), or null when the request carried no token at all (then the
     * challenge carries no error, as RFC 6750 section 3.1 asks).
     */
    record Rejected(int status, String error, String description) implements Verification {
    }
}
