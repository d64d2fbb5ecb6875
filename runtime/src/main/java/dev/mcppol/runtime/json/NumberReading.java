package dev.mcppol.runtime.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a common JSON reader sees a number. The engine decides on exact decimals; a JavaScript or
 * Python server reads IEEE-754 doubles ({@code 999.99999999999999999} is {@code 1000},
 * {@code 1e-400} is {@code 0}); an int64 reader wraps integers beyond its range. A call whose
 * decision depends on which reader reads it is ambiguous, and the proxy denies it (fail closed).
 *
 * <p>Each reading maps a number to the exact value that reader works with: a reading is a function
 * on numbers, applied alike to a call's arguments and to the policy's literals (a double reader
 * compares {@code 0.1} with {@code 0.1}, both as the nearest double).
 */
public enum NumberReading {
    /** The number as written, every digit kept: the engine's own reading. */
    EXACT,
    /** The nearest IEEE-754 double; beyond its range, infinity (one value above every finite double). */
    DOUBLE,
    /** Integers as int64, wrapped modulo 2^64 beyond its range; other numbers as written. */
    INT64;

    /** Every reading a decision must agree under. */
    public static final NumberReading[] ALL = values();

    /** Stands for +infinity: above every finite double, and the same for every infinite reading. */
    static final BigDecimal INFINITY = new BigDecimal("1e309");
    private static final long PLAIN_BOUND = 1L << 53;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The value this reader works with. */
    public BigDecimal read(BigDecimal d) {
        switch (this) {
            case DOUBLE: {
                double x = d.doubleValue();
                if (Double.isInfinite(x)) {
                    return x > 0 ? INFINITY : INFINITY.negate();
                }
                return x == 0 ? BigDecimal.ZERO : new BigDecimal(x);
            }
            case INT64: {
                if (!isInteger(d) || (d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0)) {
                    return d;
                }
                if (d.stripTrailingZeros().scale() < -64) {
                    return BigDecimal.ZERO; // a multiple of 2^64 (its exponent alone says so): wraps to 0
                }
                return new BigDecimal(BigInteger.valueOf(d.toBigIntegerExact().mod(TWO_64).longValue()));
            }
            default:
                return d;
        }
    }

    /** The JSON value with every number read this way (a copy where a number changes). */
    public JsonNode read(JsonNode v) {
        if (this == EXACT || v == null) {
            return v;
        }
        if (v.isNumber()) {
            return plain(v) ? v : Json.NODES.numberNode(read(v.decimalValue()));
        }
        if (v.isArray()) {
            ArrayNode out = Json.NODES.arrayNode(v.size());
            for (JsonNode e : v) {
                out.add(read(e));
            }
            return out;
        }
        if (v.isObject()) {
            ObjectNode out = Json.NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                out.set(e.getKey(), read(e.getValue()));
            }
            return out;
        }
        return v;
    }

    /**
     * True when every number in the value is an integer within ±2^53: every reader reads such a
     * number exactly, so no reading can change a decision and the check is skipped. Allocation-free.
     */
    public static boolean allPlain(JsonNode v) {
        if (v == null) {
            return true;
        }
        if (v.isNumber()) {
            return plain(v);
        }
        if (v.isContainer()) {
            for (JsonNode e : v) {
                if (!allPlain(e)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean plain(JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            long x = n.longValue();
            return x >= -PLAIN_BOUND && x <= PLAIN_BOUND;
        }
        return false;
    }

    private static boolean isInteger(BigDecimal d) {
        return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }
}
