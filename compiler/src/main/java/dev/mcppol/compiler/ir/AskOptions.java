package dev.mcppol.compiler.ir;

import java.util.List;

/**
 * How a person approves what an {@code ask} rule stops: who may ({@code approvers "security", "alice"};
 * empty: whoever the session's user or the queue's operator is) and how long one approval admits the
 * same call ({@code approve for 1h}; 0: once).
 */
public record AskOptions(List<String> approvers, long grantMillis) {
    public static final AskOptions NONE = new AskOptions(List.of(), 0);

    public AskOptions {
        approvers = List.copyOf(approvers);
    }

    public boolean isNone() {
        return approvers.isEmpty() && grantMillis == 0;
    }
}
