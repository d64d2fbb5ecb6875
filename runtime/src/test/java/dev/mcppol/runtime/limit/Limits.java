package dev.mcppol.runtime.limit;

import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import java.math.BigDecimal;
import java.util.List;

/** Builds limit requests the way the engine does (keys like {@code name|session=s1}). */
final class Limits {

    private Limits() {
    }

    static LimitSpec countSpec(String name, long max, long windowMillis) {
        return new LimitSpec(name, true, List.of(), BigDecimal.valueOf(max), windowMillis, Scope.SESSION);
    }

    static LimitSpec budgetSpec(String name, String max, long windowMillis) {
        return new LimitSpec(name, true, List.of(new PathSeg.Key("amount")), new BigDecimal(max), windowMillis,
                Scope.SESSION);
    }

    /** One call counted against {@code name} for {@code session}. */
    static LimitRequest count(String name, String session, long max, long windowMillis) {
        return new LimitRequest(name + "|session=" + session, countSpec(name, max, windowMillis), BigDecimal.ONE);
    }

    /** {@code amount} summed against budget {@code name} for {@code session}. */
    static LimitRequest budget(String name, String session, String max, long windowMillis, String amount) {
        return new LimitRequest(name + "|session=" + session, budgetSpec(name, max, windowMillis), new BigDecimal(amount));
    }
}
