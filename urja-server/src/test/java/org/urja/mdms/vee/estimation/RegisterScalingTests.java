package org.urja.mdms.vee.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.at;
import static org.urja.mdms.vee.VeeFixtures.dayDelta;
import static org.urja.mdms.vee.VeeFixtures.flag;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.sum;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.vee.RegisterDelta;

class RegisterScalingTests {

    /** {@code before} with slots {@code [from, to)} estimated as {@code value}. */
    private static DaySeries estimate(DaySeries before, int from, int to, long value) {
        long[] v = before.values().clone();
        short[] f = before.flags().clone();
        for (int i = from; i < to; i++) {
            v[i] = value;
            f[i] |= PRESENT | ESTIMATED;
        }
        return new DaySeries(before.meterSerialNo(), before.channel(), before.day(), before.intervalMinutes(), v, f);
    }

    private static long[] slice(DaySeries day, int from, int to) {
        return Arrays.copyOfRange(day.values(), from, to);
    }

    @Test
    void scalesEstimatesProportionallySoTheDayMatchesTheRegister() {
        DaySeries before = kwh(set(flat(96, 100), 0, 2, GAP));
        DaySeries after = estimate(before, 0, 1, 100);
        after = estimate(after, 1, 2, 300);
        DaySeries scaled = RegisterScaling.apply(before, after, dayDelta(9400 + 1000));
        assertThat(slice(scaled, 0, 2)).containsExactly(250, 750);
        assertThat(sum(scaled)).isEqualTo(10400);
        assertThat(slice(scaled, 2, 96)).containsOnly(100L);
        assertThat(scaled.flags()).isEqualTo(after.flags());
    }

    @Test
    void distributesTheRemainderToTheLargestRemaindersThenTheEarlierSlots() {
        DaySeries before = kwh(set(flat(48, 100), 45, 48, GAP));
        DaySeries after = estimate(before, 45, 48, 1);
        DaySeries scaled = RegisterScaling.apply(before, after, dayDelta(4500 + 10));
        assertThat(slice(scaled, 45, 48)).containsExactly(4, 3, 3);
        assertThat(sum(scaled)).isEqualTo(4510);
    }

    @Test
    void zeroEstimatesShareTheMissingEnergyEvenly() {
        DaySeries before = kwh(set(flat(96, 100), 0, 4, GAP));
        DaySeries after = estimate(before, 0, 4, 0);
        assertThat(slice(RegisterScaling.apply(before, after, dayDelta(9200 + 6)), 0, 4)).containsExactly(2, 2, 1, 1);
    }

    @Test
    void ctMeterDaysAddUpExactly() {
        DaySeries before = kwh(set(flat(96, 1_234_567), 10, 40, GAP));
        DaySeries after = estimate(before, 10, 40, 1_111_111);
        long delta = 66L * 1_234_567 + 33_333_337;
        DaySeries scaled = RegisterScaling.apply(before, after, dayDelta(delta));
        assertThat(sum(scaled)).isEqualTo(delta);
        assertThat(slice(scaled, 10, 17)).containsOnly(1_111_112L);
        assertThat(slice(scaled, 17, 40)).containsOnly(1_111_111L);
    }

    @Test
    void neverScalesActualsEarlierEstimatesOrOutageZeros() {
        DaySeries before = flag(flag(kwh(set(set(set(flat(96, 100), 0, 1, 0), 1, 2, 50), 2, 3, GAP)), 0, 1,
                IntervalFlags.POWER_FAIL), 1, 2, ESTIMATED);
        DaySeries after = estimate(before, 2, 3, 100);
        DaySeries scaled = RegisterScaling.apply(before, after, dayDelta(20_000));
        assertThat(slice(scaled, 0, 3)).containsExactly(0, 50, 20_000 - 50 - 93 * 100);
        assertThat(slice(scaled, 3, 96)).containsOnly(100L);
    }

    @Test
    void leavesEstimatesWhenTheOtherValuesAlreadyExceedTheDelta() {
        DaySeries before = kwh(set(flat(96, 100), 0, 1, GAP));
        DaySeries after = estimate(before, 0, 1, 100);
        assertThat(RegisterScaling.apply(before, after, dayDelta(9499))).isEqualTo(after);
        assertThat(RegisterScaling.apply(before, after, dayDelta(9500)).values()[0]).isZero();
    }

    @Test
    void onlyTheEstimatesInsideTheRegisterPeriod() {
        DaySeries before = kwh(set(set(flat(48, 100), 0, 1, GAP), 47, 48, GAP));
        DaySeries after = estimate(before, 0, 1, 100);
        after = estimate(after, 47, 48, 100);
        RegisterDelta evening = new RegisterDelta(at(DAY, 12, 0), at(DAY, 24, 0), 2300 + 7);
        DaySeries scaled = RegisterScaling.apply(before, after, evening);
        assertThat(scaled.values()[0]).isEqualTo(100);
        assertThat(scaled.values()[47]).isEqualTo(7);
    }

    @Test
    void nothingWithGapsLeftWithoutARegisterOrForNonEnergy() {
        DaySeries before = kwh(set(flat(96, 100), 0, 2, GAP));
        DaySeries partly = estimate(before, 0, 1, 100);
        assertThat(RegisterScaling.apply(before, partly, dayDelta(99_999))).isEqualTo(partly);
        assertThat(RegisterScaling.apply(before, partly, null)).isEqualTo(partly);
        DaySeries volts = series(Channel.VOLTAGE_AVG, DAY, set(flat(96, 2300), 0, 1, GAP));
        DaySeries estimatedVolts = estimate(volts, 0, 1, 2300);
        assertThat(RegisterScaling.apply(volts, estimatedVolts, dayDelta(1))).isEqualTo(estimatedVolts);
    }
}
