package org.urja.mdms.vee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.METER;
import static org.urja.mdms.vee.VeeFixtures.at;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.wc;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.MeterContext.Period;
import org.urja.mdms.vee.rules.SumCheck;

/** The value types of the VEE API: their checks and helpers. */
class ApiTests {

    @Test
    void findingsCoverASlotRangeOrTheWholeDay() {
        Finding range = new Finding("R", Severity.ERROR, 3, 5, "x");
        assertThat(range.covers(2)).isFalse();
        assertThat(range.covers(3)).isTrue();
        assertThat(range.covers(5)).isFalse();
        Finding day = Finding.day("R", Severity.INFO, "x");
        assertThat(day.wholeDay()).isTrue();
        assertThat(day.covers(0)).isTrue();
        assertThatThrownBy(() -> new Finding("R", Severity.ERROR, 5, 5, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Finding("R", Severity.ERROR, -1, 4, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slotsAreIstAndPeriodsHalfOpen() {
        Period first = Period.ofSlot(DAY, 15, 0);
        assertThat(first.from()).isEqualTo(java.time.Instant.parse("2025-06-10T18:30:00Z"));
        assertThat(Period.ofSlot(DAY, 30, 47).to()).isEqualTo(Period.ofDay(DAY).to());
        Period outage = new Period(at(DAY, 0, 0), at(DAY, 0, 15));
        assertThat(outage.contains(first)).isTrue();
        assertThat(outage.overlaps(Period.ofSlot(DAY, 15, 1))).isFalse();
        assertThat(outage.overlaps(Period.ofSlot(DAY, 30, 0))).isTrue();
        assertThat(outage.contains(Period.ofSlot(DAY, 30, 0))).isFalse();
        assertThatThrownBy(() -> new Period(at(DAY, 1, 0), at(DAY, 1, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meterContextChecksItsMasterData() {
        assertThatThrownBy(() -> new MeterContext(METER, "DOMESTIC", BigDecimal.ONE, null, false, true, List.of(),
                List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MeterContext(METER, MeterContext.LT_CT, BigDecimal.ZERO, null, false, true,
                List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        MeterContext ct = new MeterContext(METER, MeterContext.HT_CT, new BigDecimal("2.5"), null, false, true, List.of(),
                List.of());
        assertThat(ct.ctMeter()).isTrue();
        assertThat(ct.timesMultiplier(3)).isEqualTo(8);
        assertThat(wc().ctMeter()).isFalse();
    }

    @Test
    void aRegisterPeriodMapsToSlotsOnlyOnSlotBoundaries() {
        DaySeries day = kwh(flat(48, 1));
        assertThat(new RegisterDelta(at(DAY, 0, 0), at(DAY, 24, 0), 1).span(day))
                .contains(new RegisterDelta.Span(0, 48));
        assertThat(new RegisterDelta(at(DAY, 6, 30), at(DAY, 7, 0), 1).span(day))
                .contains(new RegisterDelta.Span(13, 14));
        assertThat(new RegisterDelta(at(DAY, 6, 15), at(DAY, 7, 0), 1).span(day)).isEmpty();
        assertThat(new RegisterDelta(at(DAY, 12, 0), at(DAY, 24, 30), 1).span(day)).isEmpty();
        assertThat(new RegisterDelta(at(DAY, 0, 0), at(DAY, 24, 0).plusMillis(1), 1).span(day)).isEmpty();
    }

    @Test
    void ruleConfigParamsHaveTypedGettersWithDefaults() {
        RuleConfig config = RuleConfig.of(Severity.WARNING, "factor", "2.5", "min", "7");
        assertThat(config.number("factor", 4)).isEqualTo(2.5);
        assertThat(config.number("absent", 4)).isEqualTo(4);
        assertThat(config.integer("min", 100)).isEqualTo(7);
        assertThat(config.with("min", "8").integer("min", 100)).isEqualTo(8);
        assertThat(config.atMost(Severity.INFO)).isEqualTo(Severity.INFO);
        assertThat(RuleConfig.of(Severity.ERROR).atMost(Severity.WARNING)).isEqualTo(Severity.WARNING);
        assertThatThrownBy(() -> config.integer("factor", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factor");
        assertThatThrownBy(() -> RuleConfig.of(Severity.INFO, "odd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dayInputRejectsHistoryAndKvahThatDoNotBelong() {
        DaySeries day = kwh(flat(96, 1));
        DaySeries yesterday = series(Channel.KWH_IMPORT, DAY.minusDays(1), flat(96, 1));
        assertThat(new DayInput(day, wc(), List.of(yesterday), null, null).history()).containsExactly(yesterday);
        List<List<DaySeries>> wrong = List.of(List.of(series(Channel.KWH_IMPORT, DAY, flat(96, 1))),
                List.of(series(Channel.KWH_EXPORT, DAY.minusDays(1), flat(96, 1))), List.of(yesterday, yesterday));
        for (List<DaySeries> history : wrong) {
            assertThatThrownBy(() -> new DayInput(day, wc(), history, null, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new DayInput(day, wc(), List.of(), series(Channel.KVAH_IMPORT, DAY, flat(48, 1)), null))
                .isInstanceOf(IllegalArgumentException.class);
        MeterContext other = new MeterContext("M-2", MeterContext.SINGLE_PHASE_WC, BigDecimal.ONE, null, false, true,
                List.of(), List.of());
        assertThatThrownBy(() -> DayInput.of(day, other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultProfilesRunEveryStandardRuleWithTighterSumChecksForCtMeters() {
        VeeProfile wc = VeeProfile.defaults(MeterContext.SINGLE_PHASE_WC);
        assertThat(Vee.standard().ruleNames()).hasSize(11).doesNotHaveDuplicates();
        assertThat(wc.estimation()).isEqualTo(new EstimationConfig(60, 3, 21));
        double whole = wc.rules().get(SumCheck.NAME).number(SumCheck.REL_TOLERANCE, 0);
        double lt = VeeProfile.defaults(MeterContext.LT_CT).rules().get(SumCheck.NAME).number(SumCheck.REL_TOLERANCE, 0);
        double ht = VeeProfile.defaults(MeterContext.HT_CT).rules().get(SumCheck.NAME).number(SumCheck.REL_TOLERANCE, 0);
        assertThat(List.of(whole, lt, ht)).containsExactly(0.01, 0.005, 0.002);
        assertThatThrownBy(() -> VeeProfile.defaults("AGRICULTURE")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyStandardRuleIsInTheDefaultProfile() {
        for (String category : MeterContext.CATEGORIES) {
            assertThat(VeeProfile.defaults(category).rules().keySet())
                    .containsExactlyInAnyOrderElementsOf(Vee.standard().ruleNames());
        }
    }
}
