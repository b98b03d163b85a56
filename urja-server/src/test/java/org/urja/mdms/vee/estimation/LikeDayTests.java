package org.urja.mdms.vee.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flag;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;

class LikeDayTests {

    /** DAY is a Wednesday. */
    private static DaySeries daysBefore(int days, int... values) {
        return series(Channel.KWH_IMPORT, DAY.minusDays(days), values);
    }

    private static DaySeries apply(DaySeries day, List<DaySeries> history) {
        return LikeDay.apply(day, history, 3, 21);
    }

    @Test
    void averagesTheThreeNearestLikeDays() {
        DaySeries day = kwh(set(flat(96, 100), 0, 96, GAP));
        List<DaySeries> history = List.of(daysBefore(7, flat(96, 400)), daysBefore(1, flat(96, 100)),
                daysBefore(2, flat(96, 200)), daysBefore(6, flat(96, 301)));
        DaySeries filled = apply(day, history);
        assertThat(filled.values()).containsOnly(200L);
        assertThat(filled.flags()).containsOnly((short) (PRESENT | ESTIMATED));
        assertThat(day.present(0)).as("input unchanged").isFalse();
    }

    @Test
    void onlyDaysOfTheSameType() {
        LocalDate saturday = LocalDate.of(2025, 6, 14);
        DaySeries day = series(Channel.KWH_IMPORT, saturday, flat(48, GAP));
        List<DaySeries> history = List.of(series(Channel.KWH_IMPORT, saturday.minusDays(1), flat(48, 999)),
                series(Channel.KWH_IMPORT, saturday.minusDays(6), flat(48, 999)),
                series(Channel.KWH_IMPORT, saturday.minusDays(7), flat(48, 50)),
                series(Channel.KWH_IMPORT, saturday.minusDays(14), flat(48, 51)));
        assertThat(apply(day, history).values()).containsOnly(51L);
    }

    @Test
    void skipsDaysWithOutagesEstimatesOrDisconnectionsAndSlotsThatAreNotReliable() {
        DaySeries day = kwh(set(flat(96, 100), 95, 96, GAP));
        List<DaySeries> history = List.of(
                flag(daysBefore(1, flat(96, 999)), 3, 4, IntervalFlags.POWER_FAIL),
                flag(daysBefore(2, flat(96, 999)), 3, 4, IntervalFlags.ESTIMATED),
                flag(daysBefore(5, flat(96, 999)), 3, 4, IntervalFlags.DISCONNECTED),
                daysBefore(6, set(flat(96, 999), 95, 96, GAP)),
                flag(daysBefore(7, flat(96, 999)), 95, 96, IntervalFlags.SUSPECT),
                daysBefore(8, flat(96, 10)));
        assertThat(apply(day, history).values()[95]).isEqualTo(10);
    }

    @Test
    void onlyWithinTheLookbackAndOfTheSameInterval() {
        DaySeries day = kwh(set(flat(96, 100), 0, 1, GAP));
        assertThat(apply(day, List.of(daysBefore(22, flat(96, 50))))).isEqualTo(day);
        assertThat(apply(day, List.of(daysBefore(21, flat(96, 50)))).values()[0]).isEqualTo(50);
        assertThat(apply(day, List.of(daysBefore(1, flat(48, 50))))).isEqualTo(day);
    }

    @Test
    void roundsTheAverageHalfUp() {
        DaySeries day = kwh(set(flat(96, 100), 10, 11, GAP));
        List<DaySeries> history = List.of(daysBefore(1, flat(96, 1)), daysBefore(2, flat(96, 2)));
        assertThat(apply(day, history).values()[10]).isEqualTo(2);
    }

    @Test
    void withoutReferenceDaysTheGapStays() {
        DaySeries day = kwh(flat(96, GAP));
        assertThat(apply(day, List.of())).isEqualTo(day);
    }

    @Test
    void leavesValuesAndGapsUnderAnErrorFinding() {
        DaySeries day = flag(kwh(set(flat(96, 100), 0, 10, GAP)), 0, 5, IntervalFlags.FAILED_VALIDATION);
        DaySeries filled = apply(day, List.of(daysBefore(1, flat(96, 7_000_000))));
        assertThat(filled.present(4)).isFalse();
        assertThat(filled.values()[5]).isEqualTo(7_000_000);
        assertThat(filled.values()[10]).isEqualTo(100);
    }
}
