package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.ir.Span;

/**
 * A rate limit of either dialect: {@code max} calls per {@code windowMillis}; {@code window} is the
 * own schema's unit word ({@code minute}, …), which names Intercept's counter, or null.
 */
record InterceptRateLimit(long max, long windowMillis, String window, Span span) {
}
