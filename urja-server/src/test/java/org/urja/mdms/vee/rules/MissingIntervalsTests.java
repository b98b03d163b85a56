package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.input;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.slots;
import static org.urja.mdms.vee.VeeFixtures.wc;
import static org.urja.mdms.vee.VeeFixtures.withDisconnections;
import static org.urja.mdms.vee.VeeFixtures.withOutages;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class MissingIntervalsTests {

    private final MissingIntervals rule = new MissingIntervals();
    private final RuleConfig config = RuleConfig.of(Severity.WARNING);

    @Test
    void completeDayPasses() {
        assertThat(rule.check(input(kwh(flat(96, 100))), config)).isEmpty();
    }

    @Test
    void oneFindingPerContiguousGap() {
        int[] v = set(set(flat(96, 100), 10, 14, GAP), 40, 41, GAP);
        List<Finding> findings = rule.check(input(kwh(v)), config);
        assertThat(findings).containsExactly(
                new Finding(MissingIntervals.NAME, Severity.WARNING, 10, 14, "4 interval(s) missing, 02:30-03:30"),
                new Finding(MissingIntervals.NAME, Severity.WARNING, 40, 41, "1 interval(s) missing, 10:00-10:15"));
    }

    @Test
    void gapsAtTheDayBoundariesOfA30MinuteDay() {
        int[] v = set(set(flat(48, 100), 0, 1, GAP), 47, 48, GAP);
        assertThat(rule.check(input(kwh(v)), config))
                .extracting(Finding::fromSlot, Finding::toSlot, Finding::reason)
                .containsExactly(tuple(0, 1, "1 interval(s) missing, 00:00-00:30"),
                        tuple(47, 48, "1 interval(s) missing, 23:30-24:00"));
    }

    @Test
    void allGapDayIsOneFindingOverTheWholeDay() {
        assertThat(rule.check(input(kwh(flat(96, GAP))), RuleConfig.of(Severity.ERROR)))
                .containsExactly(new Finding(MissingIntervals.NAME, Severity.ERROR, 0, 96, "96 interval(s) missing, 00:00-24:00"));
    }

    @Test
    void slotsWhollyInsideAnOutageAreNotGaps() {
        int[] v = set(flat(96, 100), 8, 16, GAP);
        MeterContext meter = withOutages(wc(), slots(DAY, 15, 8, 12));
        assertThat(rule.check(input(kwh(v), meter), config)).extracting(Finding::fromSlot, Finding::toSlot)
                .containsExactly(tuple(12, 16));
    }

    @Test
    void aSlotOnlyPartlyInAnOutageIsStillAGap() {
        MeterContext meter = withOutages(wc(), new MeterContext.Period(slots(DAY, 15, 8, 9).from().plusSeconds(60),
                slots(DAY, 15, 8, 9).to()));
        assertThat(rule.check(input(kwh(set(flat(96, 100), 8, 9, GAP)), meter), config)).hasSize(1);
    }

    @Test
    void disconnectionExplainsEnergyGapsButNotVoltageGaps() {
        MeterContext meter = withDisconnections(wc(), slots(DAY, 30, 0, 48));
        assertThat(rule.check(input(kwh(flat(48, GAP)), meter), config)).isEmpty();
        assertThat(rule.check(input(series(Channel.VOLTAGE_AVG, DAY, flat(48, GAP)), meter), config)).hasSize(1);
    }

    @Test
    void aMeterNotInstalledIsNotExpectedToSendData() {
        MeterContext notInstalled = new MeterContext("M-1", MeterContext.SINGLE_PHASE_WC, BigDecimal.ONE, null, false,
                false, List.of(), List.of());
        assertThat(rule.check(DayInput.of(kwh(flat(96, GAP)), notInstalled), config)).isEmpty();
    }
}
