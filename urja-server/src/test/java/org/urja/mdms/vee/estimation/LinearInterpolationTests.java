package org.urja.mdms.vee.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;
import static org.urja.mdms.reading.IntervalFlags.FAILED_VALIDATION;
import static org.urja.mdms.reading.IntervalFlags.POWER_FAIL;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flag;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.set;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;

class LinearInterpolationTests {

    private static long[] slice(DaySeries day, int from, int to) {
        return Arrays.copyOfRange(day.values(), from, to);
    }

    @Test
    void fillsAShortGapOnTheStraightLine() {
        DaySeries day = kwh(set(set(flat(96, 100), 20, 22, GAP), 22, 23, 400));
        DaySeries filled = LinearInterpolation.apply(day, 60);
        assertThat(slice(filled, 19, 23)).containsExactly(100, 200, 300, 400);
        assertThat(filled.flags()[20]).isEqualTo((short) (PRESENT | ESTIMATED));
        assertThat(day.present(20)).as("input unchanged").isFalse();
    }

    @Test
    void roundsHalfUpWithExactIntegers() {
        DaySeries up = kwh(set(set(flat(96, 100), 10, 12, GAP), 12, 13, 101));
        assertThat(slice(LinearInterpolation.apply(up, 60), 10, 12)).containsExactly(100, 101);
        DaySeries down = kwh(set(set(flat(96, 7), 10, 13, GAP), 13, 14, 0));
        assertThat(slice(LinearInterpolation.apply(down, 60), 10, 13)).containsExactly(5, 4, 2);
    }

    @Test
    void leavesGapsLongerThanTheSpan() {
        DaySeries day = kwh(set(flat(96, 100), 20, 25, GAP));
        assertThat(LinearInterpolation.apply(day, 60)).isEqualTo(day);
        assertThat(LinearInterpolation.apply(day, 75).present(24)).isTrue();
        assertThat(LinearInterpolation.apply(day, 0)).isEqualTo(day);
    }

    @Test
    void theSpanIsInMinutesSoA30MinuteDayFillsTwoSlotsPerHour() {
        DaySeries two = kwh(set(flat(48, 100), 20, 22, GAP));
        assertThat(slice(LinearInterpolation.apply(two, 60), 20, 22)).containsExactly(100, 100);
        DaySeries three = kwh(set(flat(48, 100), 20, 23, GAP));
        assertThat(LinearInterpolation.apply(three, 60)).isEqualTo(three);
    }

    @Test
    void gapsAtTheDayBoundariesHaveOneNeighbourAndAreLeft() {
        DaySeries day = kwh(set(set(flat(96, 100), 0, 1, GAP), 95, 96, GAP));
        assertThat(LinearInterpolation.apply(day, 60)).isEqualTo(day);
        DaySeries allGap = kwh(flat(48, GAP));
        assertThat(LinearInterpolation.apply(allGap, 60)).isEqualTo(allGap);
    }

    @Test
    void neverInterpolatesFromAPowerFailureOrOtherDoubtfulNeighbour() {
        DaySeries day = kwh(set(flat(96, 100), 20, 22, GAP));
        for (short doubtful : new short[] {POWER_FAIL, ESTIMATED, FAILED_VALIDATION, IntervalFlags.SUSPECT}) {
            DaySeries left = flag(day, 19, 20, doubtful);
            assertThat(LinearInterpolation.apply(left, 60)).isEqualTo(left);
            DaySeries right = flag(day, 22, 23, doubtful);
            assertThat(LinearInterpolation.apply(right, 60)).isEqualTo(right);
        }
        DaySeries negative = kwh(set(set(flat(96, 100), 20, 22, GAP), 22, 23, -300));
        assertThat(LinearInterpolation.apply(negative, 60)).isEqualTo(negative);
    }

    @Test
    void leavesAGapUnderAnErrorFinding() {
        DaySeries day = flag(kwh(set(flat(96, 100), 20, 22, GAP)), 20, 22, FAILED_VALIDATION);
        assertThat(LinearInterpolation.apply(day, 60)).isEqualTo(day);
    }

    @Test
    void ctMeterValues() {
        DaySeries day = kwh(set(set(set(flat(96, 1_000_000), 50, 51, 1_999_999), 51, 54, GAP), 54, 55, 2_000_003));
        assertThat(slice(LinearInterpolation.apply(day, 60), 51, 54)).containsExactly(2_000_000, 2_000_001, 2_000_002);
    }
}
