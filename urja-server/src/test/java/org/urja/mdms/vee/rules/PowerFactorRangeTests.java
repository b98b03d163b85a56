package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.meter;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.wc;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class PowerFactorRangeTests {

    private final PowerFactorRange rule = new PowerFactorRange();
    private final RuleConfig config = RuleConfig.of(Severity.ERROR);

    private static DaySeries kvah(int... values) {
        return series(Channel.KVAH_IMPORT, DAY, values);
    }

    private List<Finding> check(DaySeries kwh, DaySeries kvah, MeterContext meter, RuleConfig config) {
        return rule.check(new DayInput(kwh, meter, List.of(), kvah, null), config);
    }

    private List<Finding> check(DaySeries kwh, DaySeries kvah) {
        return check(kwh, kvah, wc(), config);
    }

    @Test
    void consistentChannelsPass() {
        assertThat(check(kwh(flat(96, 90)), kvah(flat(96, 100)))).isEmpty();
        assertThat(check(kwh(flat(96, 0)), kvah(flat(96, 0)))).isEmpty();
    }

    @Test
    void kvahBelowKwhBeyondRoundingFails() {
        assertThat(check(kwh(flat(96, 101)), kvah(flat(96, 100)))).isEmpty();
        assertThat(check(kwh(set(flat(96, 90), 0, 1, 102)), kvah(flat(96, 100)))).containsExactly(new Finding(
                PowerFactorRange.NAME, Severity.ERROR, 0, 1, "kWh and kVAh inconsistent (PF outside 0.0..1) 00:00-00:15"));
        assertThat(check(kwh(set(flat(48, 90), 47, 48, 5)), kvah(set(flat(48, 100), 47, 48, 0))))
                .extracting(Finding::fromSlot, Finding::toSlot).containsExactly(tuple(47, 48));
    }

    @Test
    void roundingScalesWithTheCtMultiplier() {
        MeterContext ct = meter(MeterContext.LT_CT, 100);
        assertThat(check(kwh(flat(96, 1_000_100)), kvah(flat(96, 1_000_000)), ct, config)).isEmpty();
        assertThat(check(kwh(flat(96, 1_000_101)), kvah(flat(96, 1_000_000)), ct, config)).hasSize(1);
    }

    @Test
    void lowPowerFactorIsAWarning() {
        assertThat(check(kwh(set(flat(96, 90), 10, 12, 49)), kvah(flat(96, 100)))).containsExactly(new Finding(
                PowerFactorRange.NAME, Severity.WARNING, 10, 12, "power factor below 0.5 02:30-03:00"));
    }

    @Test
    void belowMinPfIsOutOfRangeNotLow() {
        RuleConfig minPf = RuleConfig.of(Severity.ERROR, PowerFactorRange.MIN_PF, "0.3");
        assertThat(check(kwh(set(flat(96, 90), 10, 11, 20)), kvah(flat(96, 100)), wc(), minPf))
                .extracting(Finding::severity).containsExactly(Severity.ERROR);
    }

    @Test
    void onlySlotsWithBothValues() {
        assertThat(check(kwh(set(flat(96, 200), 0, 96, GAP)), kvah(flat(96, 100)))).isEmpty();
        assertThat(check(kwh(flat(96, 200)), kvah(flat(96, GAP)))).isEmpty();
    }

    @Test
    void onlyKwhImportWithAKvahSeries() {
        assertThat(check(kwh(flat(96, 200)), null)).isEmpty();
        DaySeries export = series(Channel.KWH_EXPORT, DAY, flat(96, 200));
        assertThat(check(export, kvah(flat(96, 100)))).isEmpty();
    }
}
