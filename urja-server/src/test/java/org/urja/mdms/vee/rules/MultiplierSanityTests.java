package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.vee.VeeFixtures.METER;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class MultiplierSanityTests {

    private final MultiplierSanity rule = new MultiplierSanity();

    private List<Finding> check(String category, String multiplier) {
        MeterContext meter = new MeterContext(METER, category, new BigDecimal(multiplier), null, false, true, List.of(),
                List.of());
        return rule.check(DayInput.of(kwh(flat(96, 100)), meter), RuleConfig.of(Severity.WARNING));
    }

    @ParameterizedTest
    @CsvSource({"SINGLE_PHASE_WC, 1", "THREE_PHASE_WC, 1.000", "LT_CT, 40", "HT_CT, 2000"})
    void plausibleMultipliersPass(String category, String multiplier) {
        assertThat(check(category, multiplier)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"SINGLE_PHASE_WC, 2", "THREE_PHASE_WC, 0.5", "LT_CT, 1", "HT_CT, 1.00"})
    void implausibleMultipliersWarnForTheWholeDay(String category, String multiplier) {
        assertThat(check(category, multiplier)).singleElement()
                .satisfies(f -> assertThat(f.wholeDay()).isTrue())
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }
}
