package org.urja.mdms.vee.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.reading.IntervalFlags.DISCONNECTED;
import static org.urja.mdms.reading.IntervalFlags.FAILED_VALIDATION;
import static org.urja.mdms.reading.IntervalFlags.POWER_FAIL;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.at;
import static org.urja.mdms.vee.VeeFixtures.flag;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.slots;
import static org.urja.mdms.vee.VeeFixtures.wc;
import static org.urja.mdms.vee.VeeFixtures.withDisconnections;
import static org.urja.mdms.vee.VeeFixtures.withOutages;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.MeterContext.Period;

class OutageFillTests {

    @Test
    void gapsInsideAnOutageBecomeZeroWithPowerFailNotEstimated() {
        DaySeries day = kwh(set(flat(96, 100), 40, 48, GAP));
        DaySeries filled = OutageFill.apply(day, withOutages(wc(), slots(DAY, 15, 40, 44)));
        assertThat(filled.values()[40]).isZero();
        assertThat(filled.flags()[40]).isEqualTo((short) (PRESENT | POWER_FAIL));
        assertThat(filled.flags()[43]).isEqualTo((short) (PRESENT | POWER_FAIL));
        assertThat(filled.present(44)).isFalse();
        assertThat(day.present(40)).as("input unchanged").isFalse();
    }

    @Test
    void valuesInsideAnOutageAndGapsOnlyPartlyInsideAreLeft() {
        DaySeries day = kwh(set(flat(96, 100), 41, 42, GAP));
        MeterContext meter = withOutages(wc(), new Period(at(DAY, 10, 0), at(DAY, 10, 20)));
        assertThat(OutageFill.apply(day, meter)).isEqualTo(day);
    }

    @Test
    void anOutageAcrossMidnightFillsTheFirstAndLastSlotsOfA30MinuteDay() {
        DaySeries day = kwh(set(set(flat(48, 100), 0, 2, GAP), 47, 48, GAP));
        MeterContext meter = withOutages(wc(), new Period(at(DAY, -1, 0), at(DAY, 1, 0)),
                new Period(at(DAY, 23, 30), at(DAY, 25, 0)));
        DaySeries filled = OutageFill.apply(day, meter);
        for (int slot : new int[] {0, 1, 47}) {
            assertThat(filled.flags()[slot]).isEqualTo((short) (PRESENT | POWER_FAIL));
        }
    }

    @Test
    void disconnectionsZeroEnergyButNotVoltage() {
        MeterContext meter = withDisconnections(wc(), slots(DAY, 15, 0, 96));
        DaySeries energy = OutageFill.apply(kwh(flat(96, GAP)), meter);
        assertThat(energy.values()).containsOnly(0L);
        assertThat(energy.flags()).containsOnly((short) (PRESENT | DISCONNECTED));
        DaySeries volts = series(Channel.VOLTAGE_AVG, DAY, flat(96, GAP));
        assertThat(OutageFill.apply(volts, meter)).isEqualTo(volts);
    }

    @Test
    void aGapUnderAnErrorFindingIsLeftForTheWorkQueue() {
        DaySeries day = flag(kwh(flat(96, GAP)), 0, 96, FAILED_VALIDATION);
        assertThat(OutageFill.apply(day, withOutages(wc(), slots(DAY, 15, 0, 96)))).isEqualTo(day);
    }
}
