package org.urja.mdms.reading.internal;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;

import static org.assertj.core.api.Assertions.assertThat;

/** Which ranges of a meter-day re-acquisition asks the HES for. */
class GapTests {

    static DaySeries day(int slots, int... absent) {
        long[] values = new long[slots];
        short[] flags = new short[slots];
        java.util.Arrays.fill(flags, IntervalFlags.PRESENT);
        for (int a : absent) {
            flags[a] = 0;
        }
        return new DaySeries("M", Channel.KWH_IMPORT, LocalDate.of(2026, 4, 1), 1440 / slots, values, flags);
    }

    @Test
    void aCompleteDayHasNoGapAndASilentMeterMissesTheWholeDay() {
        assertThat(GapReacquisition.Gap.of(day(96), 96, 0)).isNull();
        GapReacquisition.Gap whole = GapReacquisition.Gap.of(null, 48, 0);
        assertThat(whole.missing()).isEqualTo(48);
        assertThat(whole.intervalMinutes()).isEqualTo(30);
        assertThat(whole.describe()).isEqualTo("0-48");
    }

    @Test
    void holesBecomeHalfOpenRangesIncludingTheDayEdges() {
        GapReacquisition.Gap gap = GapReacquisition.Gap.of(day(96, 0, 1, 50, 95), 96, 0);
        assertThat(gap.missing()).isEqualTo(4);
        assertThat(gap.describe()).isEqualTo("0-2,50-51,95-96");
    }

    @Test
    void manySmallHolesAreAskedForAsOneSpan() {
        GapReacquisition.Gap gap = GapReacquisition.Gap.of(day(96, 3, 10, 20, 30, 40), 96, 0);
        assertThat(gap.missing()).isEqualTo(5);
        assertThat(gap.ranges()).hasSize(1);
        assertThat(gap.describe()).isEqualTo("3-41");
    }

    @Test
    void slotsBeforeTheMeterJoinedTheNetworkAreNotExpected() {
        GapReacquisition.Gap gap = GapReacquisition.Gap.of(null, 96, 40);
        assertThat(gap.expected()).isEqualTo(56);
        assertThat(gap.missing()).isEqualTo(56);
        assertThat(gap.describe()).isEqualTo("40-96");
        assertThat(GapReacquisition.Gap.of(day(96, 0, 1, 2), 96, 40)).isNull();
        assertThat(List.of(GapReacquisition.Gap.of(day(96, 39, 40), 96, 40).describe())).containsExactly("40-41");
    }
}
