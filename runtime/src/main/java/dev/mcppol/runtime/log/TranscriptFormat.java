package dev.mcppol.runtime.log;

/**
 * Transcript v1 (DESIGN.md): JSON Lines, an optional header {@code {"mcppol":"transcript/1", ...}},
 * then one record per message. The format's name lives here once, for every writer (the proxy's
 * recorder, the importers, the benchmarks) and the reader of {@code mcppol test}.
 */
public final class TranscriptFormat {
    private TranscriptFormat() {
    }

    /** The header's {@code mcppol} value. */
    public static final String V1 = "transcript/1";
}
