package org.urja.mdms.vee.rules;

import java.util.List;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * Oracle's "interval size": the series' interval must be the one configured for the meter (its profile capture
 * period), given as param {@code expectedIntervalMinutes}; without it the rule reports nothing. That a day has exactly
 * 1440 / interval slots is already guaranteed by {@link DaySeries}. Whole-day finding. Default severity WARNING:
 * the values are still energy per interval, but the meter's configuration differs from the master data.
 */
public final class IntervalAlignment implements ValidationRule {

    public static final String NAME = "IntervalAlignment";
    public static final String EXPECTED_INTERVAL_MINUTES = "expectedIntervalMinutes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        int actual = input.series().intervalMinutes();
        long expected = config.integer(EXPECTED_INTERVAL_MINUTES, actual);
        return expected == actual ? List.of() : List.of(Finding.day(NAME, config.severity(),
                actual + "-minute intervals where " + expected + " are configured"));
    }
}
