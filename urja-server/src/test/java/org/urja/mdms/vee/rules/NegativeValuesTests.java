package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.METER;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.input;
import static org.urja.mdms.vee.VeeFixtures.kwh;
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

class NegativeValuesTests {

    private final NegativeValues rule = new NegativeValues();
    private final RuleConfig config = RuleConfig.of(Severity.ERROR);
    private final MeterContext netMetered = new MeterContext(METER, MeterContext.THREE_PHASE_WC, BigDecimal.ONE, null,
            true, true, List.of(), List.of());

    @Test
    void nonNegativeValuesPass() {
        assertThat(rule.check(input(kwh(set(flat(96, 100), 3, 5, 0))), config)).isEmpty();
    }

    @Test
    void negativeValuesFailAtBothEndsOfTheDay() {
        int[] v = set(set(flat(48, 100), 0, 2, -5), 47, 48, -1);
        assertThat(rule.check(input(kwh(v)), config)).containsExactly(
                new Finding(NegativeValues.NAME, Severity.ERROR, 0, 2, "negative value(s) 00:00-01:00"),
                new Finding(NegativeValues.NAME, Severity.ERROR, 47, 48, "negative value(s) 23:30-24:00"));
    }

    @Test
    void negativeIsWrongOnEveryChannelEvenNetMetered() {
        DaySeries volts = series(Channel.VOLTAGE_AVG, DAY, set(flat(96, 2300), 9, 10, -2300));
        assertThat(rule.check(input(volts), config)).hasSize(1);
        DaySeries export = series(Channel.KWH_EXPORT, DAY, set(flat(96, 0), 9, 10, -7));
        assertThat(rule.check(input(export, netMetered), config)).extracting(Finding::severity)
                .containsExactly(Severity.ERROR);
    }

    @Test
    void aGapIsNotANegativeValue() {
        long[] values = new long[96];
        values[5] = -100;
        DaySeries gapWithGarbage = new DaySeries(METER, Channel.KWH_IMPORT, DAY, 15, values, new short[96]);
        assertThat(rule.check(input(gapWithGarbage), config)).isEmpty();
    }

    @Test
    void exportWithoutNetMeteringIsAWarning() {
        DaySeries export = series(Channel.KVAH_EXPORT, DAY, set(flat(96, 0), 44, 56, 300));
        assertThat(rule.check(input(export), config)).containsExactly(new Finding(NegativeValues.NAME,
                Severity.WARNING, 44, 56, "export 11:00-14:00 on a meter that is not net-metered"));
        assertThat(rule.check(input(export, netMetered), config)).isEmpty();
        assertThat(rule.check(input(series(Channel.KWH_EXPORT, DAY, flat(96, 0))), config)).isEmpty();
    }

    @Test
    void aLowerConfiguredSeverityAlsoLowersTheExportCheck() {
        DaySeries export = series(Channel.KWH_EXPORT, DAY, set(flat(96, 0), 44, 45, 300));
        assertThat(rule.check(input(export), RuleConfig.of(Severity.INFO))).extracting(Finding::severity)
                .containsExactly(Severity.INFO);
    }
}
