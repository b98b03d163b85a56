package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.input;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.meter;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class SpikeCheckTests {

    private final SpikeCheck rule = new SpikeCheck();
    private final RuleConfig config = RuleConfig.of(Severity.ERROR);

    @Test
    void aNormalPeakPasses() {
        int[] v = set(set(flat(96, 100), 70, 73, 300), 73, 74, 1200);
        assertThat(rule.check(input(kwh(v)), config)).isEmpty();
    }

    @Test
    void anIntervalOverFourTimesTheThirdHighestFails() {
        int[] v = set(flat(96, 100), 50, 51, 401);
        assertThat(rule.check(input(kwh(v)), config)).containsExactly(new Finding(SpikeCheck.NAME, Severity.ERROR, 50,
                51, "value 401 at 12:30-12:45 is over 4.0 x the third-highest value 100"));
    }

    @Test
    void twoSpikesCannotHideEachOther() {
        int[] v = set(set(flat(96, 100), 0, 1, 5000), 95, 96, 6000);
        assertThat(rule.check(input(kwh(v)), config)).extracting(Finding::fromSlot).containsExactly(0, 95);
    }

    @Test
    void spikesAtTheEndsOfA30MinuteDay() {
        int[] v = set(set(flat(48, 200), 0, 1, 900), 47, 48, 1000);
        assertThat(rule.check(input(kwh(v)), config)).extracting(Finding::fromSlot).containsExactly(0, 47);
    }

    @Test
    void smallValuesAreNeverSpikes() {
        int[] v = set(flat(96, 1), 10, 11, 100);
        assertThat(rule.check(input(kwh(v)), config)).isEmpty();
        assertThat(rule.check(input(kwh(v)), RuleConfig.of(Severity.ERROR, SpikeCheck.MIN_SCALED, "50"))).hasSize(1);
    }

    @Test
    void ctMeterValuesAreLargeNumbers() {
        MeterContext ct = meter(MeterContext.HT_CT, 2000);
        int[] v = set(set(flat(96, 2_000_000), 20, 21, 8_000_000), 30, 31, 8_000_001);
        assertThat(rule.check(input(kwh(v), ct), config)).extracting(Finding::fromSlot).containsExactly(30);
    }

    @Test
    void factorIsAParam() {
        int[] v = set(flat(96, 100), 50, 51, 250);
        assertThat(rule.check(input(kwh(v)), RuleConfig.of(Severity.WARNING, SpikeCheck.FACTOR, "2")))
                .extracting(Finding::severity).containsExactly(Severity.WARNING);
    }

    @Test
    void needsThreeValuesAndAnEnergyChannel() {
        assertThat(rule.check(input(kwh(flat(96, GAP))), config)).isEmpty();
        assertThat(rule.check(input(kwh(set(flat(96, GAP), 0, 2, 5000))), config)).isEmpty();
        int[] volts = set(flat(96, 2300), 5, 6, 20000);
        assertThat(rule.check(input(series(Channel.VOLTAGE_AVG, DAY, volts)), config)).isEmpty();
    }

    @Test
    void gapsDoNotCountAsValues() {
        int[] v = set(set(flat(96, GAP), 0, 3, 100), 3, 4, 1000);
        assertThat(rule.check(input(kwh(v)), config)).extracting(Finding::fromSlot).containsExactly(3);
    }
}
