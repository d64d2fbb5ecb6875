package dev.mcppol.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limiter on its own: exact sliding windows over admitted calls, all or nothing. */
class InMemoryLimiterTest {

    private static LimitSpec count(int max, long window) {
        return new LimitSpec("c", true, List.of(), BigDecimal.valueOf(max), window, Scope.GLOBAL);
    }

    private static LimitSpec budget(String max, long window) {
        return new LimitSpec("b", true, List.of(new PathSeg.Key("n")), new BigDecimal(max), window, Scope.GLOBAL);
    }

    private static LimitRequest one(String key, LimitSpec spec) {
        return new LimitRequest(key, spec, BigDecimal.ONE);
    }

    @Test
    void admitsMaxCallsPerWindowAndGivesTheRetryTime() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec s = count(2, 1000);
        assertThat(l.acquire(List.of(one("k", s)), 100).admitted()).isTrue();
        assertThat(l.acquire(List.of(one("k", s)), 200).admitted()).isTrue();
        Admission a = l.acquire(List.of(one("k", s)), 300);
        assertThat(a.admitted()).isFalse();
        assertThat(a.blocked()).isZero();
        assertThat(a.retryAtMillis()).isEqualTo(1100);
    }

    @Test
    void theWindowIsHalfOpenAtItsOldEnd() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec s = count(1, 1000);
        l.acquire(List.of(one("k", s)), 0);
        assertThat(l.acquire(List.of(one("k", s)), 999).admitted()).isFalse();
        assertThat(l.acquire(List.of(one("k", s)), 1000).admitted()).isTrue();
    }

    @Test
    void keysAreIndependent() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec s = count(1, 1000);
        assertThat(l.acquire(List.of(one("a", s)), 0).admitted()).isTrue();
        assertThat(l.acquire(List.of(one("b", s)), 0).admitted()).isTrue();
        assertThat(l.size()).isEqualTo(2);
    }

    @Test
    void aRefusedRequestConsumesNoneOfTheOthers() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec roomy = count(5, 1000);
        LimitSpec tight = count(1, 1000);
        l.acquire(List.of(one("tight", tight)), 0);
        Admission a = l.acquire(List.of(one("roomy", roomy), one("tight", tight)), 1);
        assertThat(a.admitted()).isFalse();
        assertThat(a.blocked()).isEqualTo(1);
        // roomy must still have all five
        for (int i = 0; i < 5; i++) {
            assertThat(l.acquire(List.of(one("roomy", roomy)), 2).admitted()).isTrue();
        }
        assertThat(l.acquire(List.of(one("roomy", roomy)), 2).admitted()).isFalse();
    }

    @Test
    void twoRequestsOnOneKeyInOneCallAddUp() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec s = count(1, 1000);
        assertThat(l.acquire(List.of(one("k", s), one("k", s)), 0).admitted()).isFalse();
        assertThat(l.acquire(List.of(one("k", s)), 0).admitted()).isTrue();
    }

    @Test
    void budgetsSumAmountsAndRetryWhenEnoughHasSlidOut() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec s = budget("10", 1000);
        assertThat(l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("6"))), 0).admitted()).isTrue();
        assertThat(l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("3"))), 100).admitted()).isTrue();
        assertThat(l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("1"))), 200).admitted()).isTrue();
        Admission small = l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("0.5"))), 300);
        assertThat(small.retryAtMillis()).isEqualTo(1000);
        Admission big = l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("9"))), 300);
        assertThat(big.retryAtMillis()).isEqualTo(1100);
        Admission all = l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("10"))), 300);
        assertThat(all.retryAtMillis()).isEqualTo(1200);
        assertThat(l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("9.5"))), 1100).admitted()).isFalse();
        assertThat(l.acquire(List.of(new LimitRequest("k", s, new BigDecimal("9"))), 1100).admitted()).isTrue();
    }

    @Test
    void aZeroAmountAlwaysFitsAFullBudget() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec s = budget("1", 1000);
        l.acquire(List.of(new LimitRequest("k", s, BigDecimal.ONE)), 0);
        assertThat(l.acquire(List.of(new LimitRequest("k", s, BigDecimal.ZERO)), 1).admitted()).isTrue();
    }

    @Test
    void aZeroMaxRetriesAfterAWholeWindow() {
        InMemoryLimiter l = new InMemoryLimiter();
        Admission a = l.acquire(List.of(one("k", count(0, 5000))), 7);
        assertThat(a.admitted()).isFalse();
        assertThat(a.retryAtMillis()).isEqualTo(5007);
    }

    @Test
    void idleKeysAreSweptAway() {
        InMemoryLimiter l = new InMemoryLimiter();
        LimitSpec s = count(1, 10);
        for (int i = 0; i < 5000; i++) {
            l.acquire(List.of(one("k" + i, s)), i);
        }
        assertThat(l.size()).isLessThan(5000);
        // sweeping must not drop a key still inside its window
        l.acquire(List.of(one("live", count(1, 1_000_000))), 5000);
        for (int i = 0; i < 5000; i++) {
            l.acquire(List.of(one("x" + i, s)), 5001 + i);
        }
        assertThat(l.acquire(List.of(one("live", count(1, 1_000_000))), 10_001).admitted()).isFalse();
    }

    @Test
    void anEmptyRequestListIsAdmitted() {
        assertThat(new InMemoryLimiter().acquire(List.of(), 0).admitted()).isTrue();
    }
}
