package dev.mcppol.runtime.limit;

import static dev.mcppol.runtime.limit.Limits.budget;
import static dev.mcppol.runtime.limit.Limits.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limiter contract (DESIGN §3, §7), on a virtual clock. Every implementation runs exactly
 * these tests, and the expected retry times are literal, so passing both means equal answers.
 */
abstract class LimiterContract {

    private Limiter limiter;

    /** A limiter with empty state, taking the caller's (virtual) time. */
    protected abstract Limiter newLimiter();

    @BeforeEach
    void freshLimiter() {
        limiter = newLimiter();
    }

    private Admission at(long now, LimitRequest... requests) {
        return limiter.acquire(List.of(requests), now);
    }

    private static Admission refused(int blocked, long retryAt) {
        return Admission.refused(blocked, retryAt);
    }

    @Test
    void aCallExactlyOneWindowAfterAnAdmittedOneIsAdmittedAgain() {
        assertThat(at(100, count("exec", "s", 1, 1000))).isEqualTo(Admission.ADMITTED);
        assertThat(at(1099, count("exec", "s", 1, 1000))).isEqualTo(refused(0, 1100));
        assertThat(at(1100, count("exec", "s", 1, 1000))).isEqualTo(Admission.ADMITTED);
        assertThat(at(1100, count("exec", "s", 1, 1000))).isEqualTo(refused(0, 2100));
    }

    @Test
    void admitsMaxCallsPerWindowAndSlidesOneEntryAtATime() {
        for (long t : new long[] {0, 10, 20}) {
            assertThat(at(t, count("exec", "s", 3, 1000))).as("t=%d", t).isEqualTo(Admission.ADMITTED);
        }
        assertThat(at(30, count("exec", "s", 3, 1000))).isEqualTo(refused(0, 1000));
        assertThat(at(999, count("exec", "s", 3, 1000))).isEqualTo(refused(0, 1000));
        assertThat(at(1000, count("exec", "s", 3, 1000))).isEqualTo(Admission.ADMITTED);
        assertThat(at(1001, count("exec", "s", 3, 1000))).isEqualTo(refused(0, 1010));
    }

    @Test
    void refusedCallsConsumeNothingSoTheRetryTimeDoesNotMove() {
        at(0, count("exec", "s", 1, 1000));
        for (long t = 1; t < 1000; t += 111) {
            assertThat(at(t, count("exec", "s", 1, 1000))).isEqualTo(refused(0, 1000));
        }
        assertThat(at(1000, count("exec", "s", 1, 1000))).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void severalLimitsInOneCallAreAllOrNothing() {
        LimitRequest wide = count("wide", "s", 2, 1000);
        LimitRequest narrow = count("narrow", "s", 1, 500);
        assertThat(at(0, wide, narrow)).isEqualTo(Admission.ADMITTED);
        // narrow is exhausted: the call is refused by request 1 and must not consume wide.
        assertThat(at(1, wide, narrow)).isEqualTo(refused(1, 500));
        assertThat(at(2, wide)).isEqualTo(Admission.ADMITTED);
        assertThat(at(3, wide)).isEqualTo(refused(0, 1000));
    }

    @Test
    void theRetryTimeIsWhenEveryExhaustedLimitAdmitsAndTheLongestBlockingOneIsReported() {
        at(0, count("a", "s", 1, 1000), count("b", "s", 1, 2000));
        // Both are exhausted: the call fits again at 2000 (when b has room), not at 1000.
        assertThat(at(5, count("a", "s", 1, 1000), count("b", "s", 1, 2000)))
                .isEqualTo(Admission.refused(List.of(0, 1), 1, 2000));
        assertThat(at(5, count("b", "s", 1, 2000), count("a", "s", 1, 1000)))
                .isEqualTo(Admission.refused(List.of(0, 1), 0, 2000));
        assertThat(at(1000, count("a", "s", 1, 1000), count("b", "s", 1, 2000))).isEqualTo(refused(1, 2000));
        assertThat(at(2000, count("a", "s", 1, 1000), count("b", "s", 1, 2000))).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void aCallAtTheAdvertisedRetryTimeIsAdmitted() {
        // limit a1 = 1 per 1m, b2 = 1 per 2m on one rule; calls at 10 ms and 20 ms.
        assertThat(at(10, count("a1", "s", 1, 60_000), count("b2", "s", 1, 120_000))).isEqualTo(Admission.ADMITTED);
        Admission second = at(20, count("a1", "s", 1, 60_000), count("b2", "s", 1, 120_000));
        assertThat(second.retryAtMillis()).isEqualTo(120_010);
        assertThat(at(60_010, count("a1", "s", 1, 60_000), count("b2", "s", 1, 120_000)).admitted()).isFalse();
        assertThat(at(second.retryAtMillis(), count("a1", "s", 1, 60_000), count("b2", "s", 1, 120_000)))
                .isEqualTo(Admission.ADMITTED);
    }

    @Test
    void budgetsSumAmountsAndAdmitAnExactFit() {
        assertThat(at(0, budget("spend", "s", "10", 1000, "4"))).isEqualTo(Admission.ADMITTED);
        assertThat(at(100, budget("spend", "s", "10", 1000, "5"))).isEqualTo(Admission.ADMITTED);
        // 9 used: 2 more does not fit until the 4 at t=0 slides out.
        assertThat(at(200, budget("spend", "s", "10", 1000, "2"))).isEqualTo(refused(0, 1000));
        assertThat(at(300, budget("spend", "s", "10", 1000, "1"))).isEqualTo(Admission.ADMITTED);
        assertThat(at(400, budget("spend", "s", "10", 1000, "0.000001"))).isEqualTo(refused(0, 1000));
        // Zero always fits a window that is not over budget.
        assertThat(at(400, budget("spend", "s", "10", 1000, "0"))).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void decimalBudgetsAreExactToTheMicroUnit() {
        assertThat(at(0, budget("usd", "s", "1.5", 1000, "0.1"))).isEqualTo(Admission.ADMITTED);
        assertThat(at(0, budget("usd", "s", "1.5", 1000, "0.2"))).isEqualTo(Admission.ADMITTED);
        // 0.1 + 0.2 + 1.2 is exactly 1.5 (in binary floating point it is not).
        assertThat(at(0, budget("usd", "s", "1.5", 1000, "1.2"))).isEqualTo(Admission.ADMITTED);
        assertThat(at(1, budget("usd", "s", "1.5", 1000, "0.000001"))).isEqualTo(refused(0, 1000));
    }

    @Test
    void theRetryTimeIsWhenEnoughOfTheBudgetHasSlidOut() {
        at(0, budget("spend", "s", "10", 1000, "3"));
        at(100, budget("spend", "s", "10", 1000, "3"));
        at(200, budget("spend", "s", "10", 1000, "3"));
        // 9 used, 7 wanted: two entries must slide out, the second leaves at 100 + 1000.
        assertThat(at(300, budget("spend", "s", "10", 1000, "7"))).isEqualTo(refused(0, 1100));
        assertThat(at(1099, budget("spend", "s", "10", 1000, "7"))).isEqualTo(refused(0, 1100));
        assertThat(at(1100, budget("spend", "s", "10", 1000, "7"))).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void keysAreIsolatedByScopeValueAndName() {
        assertThat(at(0, count("exec", "alice", 1, 1000))).isEqualTo(Admission.ADMITTED);
        assertThat(at(0, count("exec", "bob", 1, 1000))).isEqualTo(Admission.ADMITTED);
        assertThat(at(0, count("other", "alice", 1, 1000))).isEqualTo(Admission.ADMITTED);
        assertThat(at(1, count("exec", "alice", 1, 1000))).isEqualTo(refused(0, 1000));
        assertThat(at(1, count("exec", "bob", 1, 1000))).isEqualTo(refused(0, 1000));
    }

    @Test
    void requestsOfOneCallOnTheSameKeyAddUpAlsoInTheRetryTime() {
        at(0, budget("spend", "s", "5", 1000, "1"));
        // 1 + 2 fits, 1 + 2 + 3 does not; the retry time counts the 2 of the same call.
        assertThat(at(10, budget("spend", "s", "5", 1000, "2"), budget("spend", "s", "5", 1000, "3")))
                .isEqualTo(refused(1, 1000));
        // Nothing was consumed: 2 + 2 on top of the 1 still fits.
        assertThat(at(20, budget("spend", "s", "5", 1000, "2"), budget("spend", "s", "5", 1000, "2")))
                .isEqualTo(Admission.ADMITTED);
    }

    @Test
    void aZeroMaxNeverAdmitsAndRetriesAfterOneWindow() {
        assertThat(at(7, count("never", "s", 0, 1000))).isEqualTo(refused(0, 1007));
    }

    @Test
    void amountsWithoutAnExactUnitFormAreRefusedBeforeAnyStateIsTouched() {
        assertThat(at(0, count("exec", "s", 5, 1000), budget("spend", "s", "10", 1000, "0.0000001")))
                .isEqualTo(Admission.unrepresentable(1, 1000));
        assertThat(at(0, budget("huge", "s", "10000000000", 1000, "1")))
                .isEqualTo(Admission.unrepresentable(0, 1000));
        assertThat(at(0, budget("spend", "s", "10", 1000, "-1")))
                .isEqualTo(Admission.unrepresentable(0, 1000));
        // The refusals consumed nothing: exec still has all 5.
        for (int i = 0; i < 5; i++) {
            assertThat(at(1, count("exec", "s", 5, 1000))).isEqualTo(Admission.ADMITTED);
        }
        assertThat(at(1, count("exec", "s", 5, 1000))).isEqualTo(refused(0, 1001));
    }

    @Test
    void theLargestRepresentableBudgetIsExact() {
        String max = "4503599627.370496"; // 2^52 micro-units
        assertThat(at(0, budget("big", "s", max, 1000, "4503599627.370495"))).isEqualTo(Admission.ADMITTED);
        assertThat(at(1, budget("big", "s", max, 1000, "0.000001"))).isEqualTo(Admission.ADMITTED);
        assertThat(at(2, budget("big", "s", max, 1000, "0.000001"))).isEqualTo(refused(0, 1000));
        assertThat(at(3, budget("big", "s", max, 1000, "4503599627.370497")))
                .isEqualTo(Admission.unrepresentable(0, 1003));
    }
}
