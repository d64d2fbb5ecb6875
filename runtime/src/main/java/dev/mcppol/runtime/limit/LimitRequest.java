package dev.mcppol.runtime.limit;

import dev.mcppol.runtime.model.LimitSpec;
import java.math.BigDecimal;

/**
 * One limit a call must pass: the counter's full key (name, tool when unshared, scope value), its
 * parameters, and how much the call uses (1 for a call count, the argument's value for a budget).
 *
 * <p>Limiters count in integer <em>units</em> of {@code 10^-SCALE}, never in floating point, so
 * that every implementation (in memory, Redis Lua whose numbers are doubles) gets bit-identical
 * answers. A value converts only when it is non-negative, has at most {@link #SCALE} decimals and
 * at most {@link #MAX_UNITS} units; anything else is refused by both limiters alike.
 */
public record LimitRequest(String key, LimitSpec spec, BigDecimal amount) {

    /** Decimal places kept: amounts and budgets are counted in micro-units. */
    public static final int SCALE = 6;

    /**
     * Largest value in units: 2^52, so that a window total plus one more amount (at most
     * 2 * 2^52 = 2^53) is still an exact integer in a Lua double.
     */
    public static final long MAX_UNITS = 1L << 52;

    /** Longest window (2^52 ms, about 142,000 years): times stay exact integers in a Lua double. */
    public static final long MAX_WINDOW_MILLIS = 1L << 52;

    /** Marks a value with no exact unit form. */
    public static final long NOT_REPRESENTABLE = -1;

    /** The amount in units, or {@link #NOT_REPRESENTABLE}. */
    public long amountUnits() {
        return units(amount);
    }

    /** The limit's max in units, or {@link #NOT_REPRESENTABLE}. */
    public long maxUnits() {
        return units(spec.max());
    }

    /** Exact conversion of a decimal to units; {@link #NOT_REPRESENTABLE} when it would round or overflow. */
    public static long units(BigDecimal value) {
        if (value == null || value.signum() < 0) {
            return NOT_REPRESENTABLE;
        }
        // Reject huge numbers before movePointRight: 1e1000000000 must not allocate a giant integer.
        if (value.precision() - value.scale() > 19) {
            return NOT_REPRESENTABLE;
        }
        try {
            // longValueExact refuses any non-zero fraction: 0.0000001 is not rounded to 0 units.
            long units = value.movePointRight(SCALE).longValueExact();
            return units <= MAX_UNITS ? units : NOT_REPRESENTABLE;
        } catch (ArithmeticException e) {
            return NOT_REPRESENTABLE;
        }
    }
}
