package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.METER;
import static org.urja.mdms.vee.VeeFixtures.at;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.input;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.slots;
import static org.urja.mdms.vee.VeeFixtures.wc;
import static org.urja.mdms.vee.VeeFixtures.withDisconnections;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.MeterContext.Period;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class DataWhileDisconnectedTests {

    private final DataWhileDisconnected rule = new DataWhileDisconnected();
    private final RuleConfig config = RuleConfig.of(Severity.ERROR);
    private final MeterContext notInstalled = new MeterContext(METER, MeterContext.SINGLE_PHASE_WC, BigDecimal.ONE,
            null, false, false, List.of(), List.of());

    @Test
    void zerosWhileDisconnectedPass() {
        MeterContext meter = withDisconnections(wc(), slots(DAY, 15, 40, 60));
        assertThat(rule.check(input(kwh(set(flat(96, 100), 40, 60, 0)), meter), config)).isEmpty();
    }

    @Test
    void energyWhileDisconnectedFails() {
        MeterContext meter = withDisconnections(wc(), slots(DAY, 15, 40, 60));
        assertThat(rule.check(input(kwh(set(flat(96, 100), 40, 50, 0)), meter), config)).containsExactly(
                new Finding(DataWhileDisconnected.NAME, Severity.ERROR, 50, 60, "energy while disconnected 12:30-15:00"));
    }

    @Test
    void energyInASlotOnlyPartlyDisconnectedIsFine() {
        MeterContext meter = withDisconnections(wc(), new Period(at(DAY, 10, 7), at(DAY, 11, 7)));
        assertThat(rule.check(input(kwh(set(flat(96, 100), 41, 44, 0)), meter), config)).isEmpty();
    }

    @Test
    void aDisconnectionAcrossMidnightCoversTheFirstSlotsOfA30MinuteDay() {
        MeterContext meter = withDisconnections(wc(), new Period(at(DAY, -3, 0), at(DAY, 2, 0)),
                new Period(at(DAY, 23, 30), at(DAY, 30, 0)));
        assertThat(rule.check(input(kwh(flat(48, 100)), meter), config)).extracting(Finding::fromSlot, Finding::toSlot)
                .containsExactly(tuple(0, 4), tuple(47, 48));
    }

    @Test
    void voltageWhileDisconnectedIsNormal() {
        MeterContext meter = withDisconnections(wc(), slots(DAY, 15, 0, 96));
        assertThat(rule.check(input(series(Channel.VOLTAGE_AVG, DAY, flat(96, 2300)), meter), config)).isEmpty();
    }

    @Test
    void anyDataFromAMeterNotInstalledFailsTheWholeDay() {
        assertThat(rule.check(input(series(Channel.VOLTAGE_AVG, DAY, set(flat(96, GAP), 95, 96, 0)), notInstalled),
                config)).containsExactly(Finding.day(DataWhileDisconnected.NAME, Severity.ERROR,
                "data from a meter that is not installed"));
        assertThat(rule.check(input(kwh(flat(96, GAP)), notInstalled), config)).isEmpty();
    }
}
