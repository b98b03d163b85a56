package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.METER;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.input;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class DemandVsSanctionedLoadTests {

    private final DemandVsSanctionedLoad rule = new DemandVsSanctionedLoad();
    private final RuleConfig config = RuleConfig.of(Severity.WARNING);

    private static MeterContext sanctioned(String kw) {
        return new MeterContext(METER, MeterContext.LT_CT, new BigDecimal("40"), kw == null ? null : new BigDecimal(kw),
                false, true, List.of(), List.of());
    }

    private static DaySeries demand(int... watts) {
        return series(Channel.KW_DEMAND, DAY, watts);
    }

    @Test
    void demandWithinOneAndAHalfTimesTheSanctionedLoadPasses() {
        assertThat(rule.check(input(demand(flat(96, 7500)), sanctioned("5")), config)).isEmpty();
    }

    @Test
    void demandAboveItWarnsPerRun() {
        DaySeries d = demand(set(set(flat(48, 3000), 0, 1, 7501), 46, 48, 9000));
        assertThat(rule.check(input(d, sanctioned("5")), config)).containsExactly(
                new Finding(DemandVsSanctionedLoad.NAME, Severity.WARNING, 0, 1,
                        "demand over 1.5 x sanctioned load 5 kW 00:00-00:30"),
                new Finding(DemandVsSanctionedLoad.NAME, Severity.WARNING, 46, 48,
                        "demand over 1.5 x sanctioned load 5 kW 23:00-24:00"));
    }

    @Test
    void fractionalLoadsAndTheFactorParam() {
        DaySeries d = demand(set(flat(96, 1000), 30, 31, 2501));
        assertThat(rule.check(input(d, sanctioned("2.5")), RuleConfig.of(Severity.WARNING,
                DemandVsSanctionedLoad.LOAD_FACTOR, "1.0"))).extracting(Finding::fromSlot, Finding::toSlot)
                .containsExactly(tuple(30, 31));
        assertThat(rule.check(input(d, sanctioned("2.5")), config)).isEmpty();
    }

    @Test
    void largeCtDemands() {
        DaySeries d = demand(set(flat(96, 1_500_000_000), 5, 6, 1_500_000_001));
        assertThat(rule.check(input(d, sanctioned("1000000")), config)).extracting(Finding::fromSlot).containsExactly(5);
    }

    @Test
    void skippedWithoutSanctionedLoadOrOnOtherChannels() {
        assertThat(rule.check(input(demand(flat(96, 99_999)), sanctioned(null)), config)).isEmpty();
        DaySeries kva = series(Channel.KVA_DEMAND, DAY, flat(96, 99_999));
        assertThat(rule.check(input(kva, sanctioned("5")), config)).isEmpty();
    }
}
