package dev.mcppol.runtime.limit;

import dev.mcppol.runtime.model.LimitSpec;
import java.math.BigDecimal;

/**
 * One limit a call must pass: the counter's full key (name, tool when unshared, scope value), its
 * parameters, and how much the call uses (1 for a call count, the argument's value for a budget).
 */
public record LimitRequest(String key, LimitSpec spec, BigDecimal amount) {
}
