package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.at;
import static org.urja.mdms.vee.VeeFixtures.dayDelta;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.meter;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.slots;
import static org.urja.mdms.vee.VeeFixtures.wc;
import static org.urja.mdms.vee.VeeFixtures.withOutages;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RegisterDelta;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class SumCheckTests {

    private final SumCheck rule = new SumCheck();
    private final RuleConfig config = RuleConfig.of(Severity.ERROR);

    private List<Finding> check(DaySeries day, MeterContext meter, RegisterDelta register, RuleConfig config) {
        return rule.check(new DayInput(day, meter, List.of(), null, register), config);
    }

    private List<Finding> check(DaySeries day, RegisterDelta register) {
        return check(day, wc(), register, config);
    }

    @Test
    void intervalsMatchingTheRegisterPass() {
        assertThat(check(kwh(flat(96, 100)), dayDelta(9600))).isEmpty();
        assertThat(check(kwh(flat(96, 100)), dayDelta(9600 + 96))).isEmpty();
    }

    @Test
    void aDifferenceBeyondOnePercentFails() {
        assertThat(check(kwh(flat(96, 100)), dayDelta(9600 + 97))).containsExactly(Finding.day(SumCheck.NAME,
                Severity.ERROR, "intervals sum to 9600, register advanced 9697 (tolerance 97)"));
        assertThat(check(kwh(flat(96, 100)), dayDelta(9600 - 97))).hasSize(1);
    }

    @Test
    void theAbsoluteToleranceIsInSecondaryUnitsTimesTheMultiplier() {
        MeterContext ct = meter(MeterContext.LT_CT, 100);
        RuleConfig absoluteOnly = RuleConfig.of(Severity.ERROR, SumCheck.REL_TOLERANCE, "0");
        DaySeries day = kwh(flat(96, 1_000_000));
        assertThat(check(day, ct, dayDelta(96_000_000 + 1000), absoluteOnly)).isEmpty();
        assertThat(check(day, ct, dayDelta(96_000_000 + 1001), absoluteOnly)).hasSize(1);
        assertThat(check(day, wc(), dayDelta(96_000_000 + 11), absoluteOnly)).hasSize(1);
    }

    @Test
    void gapsMeanNothingToCompareUnlessTheValuesAlreadyExceedTheDelta() {
        DaySeries gappy = kwh(set(flat(96, 100), 95, 96, GAP));
        assertThat(check(gappy, dayDelta(9600))).extracting(Finding::severity).containsExactly(Severity.INFO);
        assertThat(check(kwh(flat(48, GAP)), dayDelta(0))).extracting(Finding::severity).containsExactly(Severity.INFO);
        assertThat(check(gappy, dayDelta(9000))).extracting(Finding::severity).containsExactly(Severity.ERROR);
    }

    @Test
    void gapsInAKnownOutageCountAsZero() {
        DaySeries day = kwh(set(flat(96, 100), 0, 8, GAP));
        MeterContext outage = withOutages(wc(), slots(DAY, 15, 0, 8));
        assertThat(check(day, outage, dayDelta(8800), config)).isEmpty();
        assertThat(check(day, outage, dayDelta(9600), config)).extracting(Finding::severity)
                .containsExactly(Severity.ERROR);
    }

    @Test
    void aRegisterPeriodOfPartOfThe30MinuteDayChecksThoseSlots() {
        DaySeries day = kwh(set(flat(48, 100), 0, 24, 50));
        RegisterDelta afternoon = new RegisterDelta(at(DAY, 12, 0), at(DAY, 24, 0), 2400);
        assertThat(check(day, afternoon)).isEmpty();
        RegisterDelta morning = new RegisterDelta(at(DAY, 0, 0), at(DAY, 12, 0), 2400);
        assertThat(check(day, morning)).extracting(Finding::fromSlot, Finding::toSlot)
                .containsExactly(tuple(0, 24));
    }

    @Test
    void aPeriodOffTheSlotBoundariesIsReportedAsInfo() {
        RegisterDelta offGrid = new RegisterDelta(at(DAY, 0, 5), at(DAY, 24, 5), 9600);
        assertThat(check(kwh(flat(96, 100)), offGrid)).extracting(Finding::severity).containsExactly(Severity.INFO);
        RegisterDelta yesterday = new RegisterDelta(at(DAY, -24, 0), at(DAY, 0, 0), 9600);
        assertThat(check(kwh(flat(96, 100)), yesterday)).extracting(Finding::severity).containsExactly(Severity.INFO);
    }

    @Test
    void nothingWithoutARegisterOrForNonEnergyChannels() {
        assertThat(check(kwh(flat(96, 100)), null)).isEmpty();
        assertThat(check(series(Channel.KW_DEMAND, DAY, flat(96, 100)), dayDelta(1))).isEmpty();
    }
}
