package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flag;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.input;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.slots;
import static org.urja.mdms.vee.VeeFixtures.wc;
import static org.urja.mdms.vee.VeeFixtures.withDisconnections;
import static org.urja.mdms.vee.VeeFixtures.withOutages;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class ZeroConsumptionTests {

    private final ZeroConsumption rule = new ZeroConsumption();
    private final RuleConfig config = RuleConfig.of(Severity.WARNING);

    @Test
    void consumptionPasses() {
        assertThat(rule.check(input(kwh(set(flat(96, 100), 0, 40, 0))), config)).isEmpty();
    }

    @Test
    void aWholeDayOfZerosIsOneWholeDayFinding() {
        assertThat(rule.check(input(kwh(flat(48, 0))), config)).containsExactly(
                Finding.day(ZeroConsumption.NAME, Severity.WARNING, "no consumption all day with supply on"));
    }

    @Test
    void twelveHoursOfZerosFromMidnightIsAFinding() {
        assertThat(rule.check(input(kwh(set(flat(96, 100), 0, 48, 0))), config)).containsExactly(
                new Finding(ZeroConsumption.NAME, Severity.WARNING, 0, 48, "no consumption 00:00-12:00 with supply on"));
        assertThat(rule.check(input(kwh(set(flat(96, 100), 0, 47, 0))), config)).isEmpty();
    }

    @Test
    void aRunUpToTheLastSlotOfA30MinuteDay() {
        assertThat(rule.check(input(kwh(set(flat(48, 100), 24, 48, 0))), config))
                .extracting(Finding::fromSlot, Finding::toSlot).containsExactly(tuple(24, 48));
    }

    @Test
    void anOutageExplainsItsSlotsButNotTheRestOfTheDay() {
        var meter = withOutages(wc(), slots(DAY, 15, 40, 48));
        assertThat(rule.check(input(kwh(flat(96, 0)), meter), config))
                .extracting(Finding::fromSlot, Finding::toSlot).containsExactly(tuple(48, 96));
        assertThat(rule.check(input(kwh(flat(96, 0)), withOutages(wc(), slots(DAY, 15, 0, 96))), config)).isEmpty();
    }

    @Test
    void aDisconnectionOrPowerFailFlagExplainsZeros() {
        assertThat(rule.check(input(kwh(flat(96, 0)), withDisconnections(wc(), slots(DAY, 15, 30, 96))), config))
                .isEmpty();
        var flagged = flag(kwh(flat(96, 0)), 40, 41, IntervalFlags.POWER_FAIL);
        assertThat(rule.check(input(flagged), config)).extracting(Finding::fromSlot, Finding::toSlot)
                .containsExactly(tuple(41, 96));
    }

    @Test
    void gapsBreakRunsAndAnAllGapDayIsNotZero() {
        assertThat(rule.check(input(kwh(set(flat(96, 0), 40, 41, GAP))), config)).extracting(Finding::fromSlot)
                .containsExactly(41);
        assertThat(rule.check(input(kwh(flat(96, GAP))), config)).isEmpty();
    }

    @Test
    void onlyImportEnergyAndTheThresholdIsAParam() {
        assertThat(rule.check(input(series(Channel.KWH_EXPORT, DAY, flat(96, 0))), config)).isEmpty();
        RuleConfig twoHours = RuleConfig.of(Severity.INFO, ZeroConsumption.MIN_ZERO_HOURS, "2");
        assertThat(rule.check(input(kwh(set(flat(96, 100), 10, 18, 0))), twoHours))
                .extracting(Finding::severity).containsExactly(Severity.INFO);
    }
}
