package org.urja.mdms.vee.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.input;
import static org.urja.mdms.vee.VeeFixtures.kwh;

import org.junit.jupiter.api.Test;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;

class IntervalAlignmentTests {

    private final IntervalAlignment rule = new IntervalAlignment();

    private static RuleConfig expecting(int minutes) {
        return RuleConfig.of(Severity.WARNING, IntervalAlignment.EXPECTED_INTERVAL_MINUTES, String.valueOf(minutes));
    }

    @Test
    void theConfiguredIntervalPasses() {
        assertThat(rule.check(input(kwh(flat(96, 1))), expecting(15))).isEmpty();
        assertThat(rule.check(input(kwh(flat(48, GAP))), expecting(30))).isEmpty();
    }

    @Test
    void anotherIntervalFailsTheWholeDay() {
        assertThat(rule.check(input(kwh(flat(48, 1))), expecting(15))).containsExactly(Finding.day(
                IntervalAlignment.NAME, Severity.WARNING, "30-minute intervals where 15 are configured"));
        assertThat(rule.check(input(kwh(flat(96, 1))), expecting(30))).hasSize(1);
    }

    @Test
    void withoutAnExpectedIntervalNothingIsChecked() {
        assertThat(rule.check(input(kwh(flat(48, 1))), RuleConfig.of(Severity.WARNING))).isEmpty();
    }
}
