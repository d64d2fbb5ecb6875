package dev.mcppol.runtime.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * A rate limit or a sum budget. A named limit is one counter shared by every tool that uses it; an
 * anonymous one ({@code shared == false}) counts each tool separately.
 *
 * @param amount the summed argument for a budget; empty for a call count
 * @param max    calls (count) or the budget (sum) admitted in any window
 */
public record LimitSpec(String name, boolean shared, List<PathSeg> amount, BigDecimal max, long windowMillis,
                        Scope scope, List<PathSeg> scopeClaim) {

    /** A limit scoped by session, identity or nothing (no claim). */
    public LimitSpec(String name, boolean shared, List<PathSeg> amount, BigDecimal max, long windowMillis, Scope scope) {
        this(name, shared, amount, max, windowMillis, scope, List.of());
    }

    public LimitSpec {
        amount = List.copyOf(amount);
        scopeClaim = List.copyOf(scopeClaim);
        if ((scope == Scope.CLAIM) == scopeClaim.isEmpty()) {
            throw new IllegalArgumentException("a claim path goes with scope claim, and only with it");
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (max.signum() < 0) {
            throw new IllegalArgumentException("max must not be negative");
        }
    }

    /** The same limit under another name (and sharing), its scope claim kept. */
    public LimitSpec named(String newName, boolean newShared) {
        return new LimitSpec(newName, newShared, amount, max, windowMillis, scope, scopeClaim);
    }

    /** The same limit with another maximum, its scope claim kept. */
    public LimitSpec withMax(BigDecimal newMax) {
        return new LimitSpec(name, shared, amount, newMax, windowMillis, scope, scopeClaim);
    }

    public boolean isBudget() {
        return !amount.isEmpty();
    }

    /** The limit as written in the policy language, e.g. {@code 10 per 1m per session}. */
    public String text() {
        String head = isBudget() ? "sum(" + Texts.path(amount) + ") <= " + Texts.plain(max) : Texts.plain(max);
        return head + " per " + Durations.format(windowMillis) + " per " + scopeText();
    }

    /** {@code session}, {@code identity}, {@code global} or {@code claims.NAME}. */
    public String scopeText() {
        return scope == Scope.CLAIM ? "claims." + Texts.path(scopeClaim) : scope.word();
    }
}
