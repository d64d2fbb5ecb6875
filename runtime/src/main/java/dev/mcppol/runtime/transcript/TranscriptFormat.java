package dev.mcppol.runtime.transcript;

import java.util.Set;

/**
 * Transcript v1 (DESIGN.md): JSON Lines, an optional header {@code {"mcppol":"transcript/1", ...}},
 * then one record per message. The format's name and its members live here once, for the one
 * writer ({@link TranscriptWriter}: the proxy's recorder, the importer, {@code init --from-server},
 * the benchmarks) and the one reader ({@link TranscriptReader}: {@code mcppol test} and its
 * {@code --update}).
 */
public final class TranscriptFormat {
    private TranscriptFormat() {
    }

    /** The header's {@code mcppol} value. */
    public static final String V1 = "transcript/1";

    /** The members a header may hold. */
    public static final Set<String> HEADER_KEYS = Set.of("mcppol", "session", "identity", "claims", "approvalTimeoutMs");

    /** The members a record may hold. */
    public static final Set<String> RECORD_KEYS = Set.of("t", "dir", "msg", "session", "identity", "claims",
            "expect", "approval", "argumentsHash");

    /** The members of an object-form {@code expect}. */
    public static final Set<String> EXPECT_KEYS = Set.of("outcome", "rule", "reason");

    /** The {@code dir} of a message from the client to the server, and of one the other way. */
    public static final String C2S = "c2s";
    public static final String S2C = "s2c";

    /** The {@code dir} word for a direction. */
    public static String direction(boolean clientToServer) {
        return clientToServer ? C2S : S2C;
    }
}
