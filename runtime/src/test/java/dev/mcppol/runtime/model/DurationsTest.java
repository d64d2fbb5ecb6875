package dev.mcppol.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(500);
        assertThat(Durations.parse("30s")).isEqualTo(30_000);
        assertThat(Durations.parse("1m")).isEqualTo(60_000);
        assertThat(Durations.parse("2h")).isEqualTo(7_200_000);
        assertThat(Durations.parse("1d")).isEqualTo(86_400_000);
        assertThat(Durations.parse("0s")).isZero();
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThat(Durations.parse("")).isEqualTo(-1);
        assertThat(Durations.parse("m")).isEqualTo(-1);
        assertThat(Durations.parse("5")).isEqualTo(-1);
        assertThat(Durations.parse("5w")).isEqualTo(-1);
        assertThat(Durations.parse("5 m")).isEqualTo(-1);
        assertThat(Durations.parse("-5m")).isEqualTo(-1);
        assertThat(Durations.parse("1.5h")).isEqualTo(-1);
        assertThat(Durations.parse("1234567890123s")).isEqualTo(-1);
    }

    @Test
    void anOverflowingDurationIsNotADuration() {
        // 213503982335 days is 2^64 ms plus about 9.5 hours: it must not wrap around to 9.5 hours
        assertThat(Durations.parse("213503982335d")).isEqualTo(-1);
        assertThat(Durations.parse("999999999999d")).isEqualTo(-1);
        assertThat(Durations.parse("999999999999h")).isEqualTo(3_599_999_999_996_400_000L);
    }

    @Test
    void formatsTheShortestExactUnit() {
        assertThat(Durations.format(86_400_000)).isEqualTo("1d");
        assertThat(Durations.format(90_000_000)).isEqualTo("25h");
        assertThat(Durations.format(90_000)).isEqualTo("90s");
        assertThat(Durations.format(120_000)).isEqualTo("2m");
        assertThat(Durations.format(1_500)).isEqualTo("1500ms");
        assertThat(Durations.format(1)).isEqualTo("1ms");
    }

    @Property(tries = 500)
    void formatThenParseIsTheIdentity(@ForAll @LongRange(min = 1, max = 366L * 86_400_000L) long millis) {
        assertThat(Durations.parse(Durations.format(millis))).isEqualTo(millis);
    }
}
