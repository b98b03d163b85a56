package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.meter;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.wc;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class HighLowUsageTests {

    private final HighLowUsage rule = new HighLowUsage();
    private final RuleConfig config = RuleConfig.of(Severity.WARNING);

    /** {@code days} complete days before DAY, each {@code slots} × {@code value}. */
    private static List<DaySeries> history(int days, int slots, int value) {
        return IntStream.rangeClosed(1, days).mapToObj(d -> series(Channel.KWH_IMPORT, DAY.minusDays(d), flat(slots, value)))
                .toList();
    }

    private List<Finding> check(DaySeries day, List<DaySeries> history) {
        return check(day, history, wc());
    }

    private List<Finding> check(DaySeries day, List<DaySeries> history, MeterContext meter) {
        return rule.check(new DayInput(day, meter, history, null, null), config);
    }

    @Test
    void aUsualDayPasses() {
        assertThat(check(kwh(flat(96, 250)), history(3, 96, 100))).isEmpty();
    }

    @Test
    void aDayOverThreeTimesTheAverageIsHigh() {
        assertThat(check(kwh(flat(96, 301)), history(3, 96, 100))).containsExactly(Finding.day(HighLowUsage.NAME,
                Severity.WARNING, "day total 28896 is over 3.0 x the average 9600 of 3 earlier days"));
    }

    @Test
    void aDayUnderAFifthOfTheAverageIsLow() {
        assertThat(check(kwh(flat(48, 19)), history(5, 48, 100))).extracting(Finding::reason)
                .containsExactly("day total 912 is under 0.2 x the average 4800 of 5 earlier days");
    }

    @Test
    void aDayWithGapsCanBeHighButNotLow() {
        assertThat(check(kwh(set(flat(96, 10), 0, 1, GAP)), history(3, 96, 100))).isEmpty();
        assertThat(check(kwh(set(flat(96, 400), 95, 96, GAP)), history(3, 96, 100))).hasSize(1);
    }

    @Test
    void needsThreeCompleteDaysInTheLookback() {
        assertThat(check(kwh(flat(96, 1000)), List.of())).isEmpty();
        assertThat(check(kwh(flat(96, 1000)), history(2, 96, 100))).isEmpty();
        List<DaySeries> incomplete = List.of(series(Channel.KWH_IMPORT, DAY.minusDays(1), set(flat(96, 100), 0, 1, GAP)),
                series(Channel.KWH_IMPORT, DAY.minusDays(2), flat(96, 100)),
                series(Channel.KWH_IMPORT, DAY.minusDays(29), flat(96, 100)),
                series(Channel.KWH_IMPORT, DAY.minusDays(3), flat(96, 100)));
        assertThat(check(kwh(flat(96, 1000)), incomplete)).isEmpty();
    }

    @Test
    void lowNeedsAnAverageAboveTheFloorAndHighATotalAboveIt() {
        assertThat(check(kwh(flat(96, 0)), history(3, 96, 10))).isEmpty();
        assertThat(check(kwh(flat(96, 10)), history(3, 96, 0))).isEmpty();
        assertThat(check(kwh(flat(96, 11)), history(3, 96, 0))).hasSize(1);
    }

    @Test
    void ctMeterTotalsAreLargeNumbers() {
        MeterContext ct = meter(MeterContext.HT_CT, 6000);
        assertThat(check(kwh(flat(96, 9_000_000)), history(7, 96, 2_000_000), ct)).hasSize(1);
        assertThat(check(kwh(flat(96, 5_000_000)), history(7, 96, 2_000_000), ct)).isEmpty();
    }

    @Test
    void onlyEnergyChannels() {
        DaySeries volts = series(Channel.VOLTAGE_AVG, DAY, flat(96, 9000));
        List<DaySeries> history = IntStream.rangeClosed(1, 3)
                .mapToObj(d -> series(Channel.VOLTAGE_AVG, DAY.minusDays(d), flat(96, 2300))).toList();
        assertThat(rule.check(new DayInput(volts, wc(), history, null, null), config)).isEmpty();
    }
}
