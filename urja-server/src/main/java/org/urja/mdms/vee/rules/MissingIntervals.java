package org.urja.mdms.vee.rules;

import java.util.List;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * Intervals without a value (Oracle's "missing quantity"): one finding per contiguous gap. Slots whose consumption is
 * known to be zero ({@link MeterContext#knownZero}: inside a known outage, or a disconnection for energy) are not
 * gaps, and a meter that is not installed is not expected to send data. No params; default severity WARNING, since a
 * gap is normally estimated.
 */
public final class MissingIntervals implements ValidationRule {

    public static final String NAME = "MissingIntervals";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        MeterContext meter = input.meter();
        if (!meter.installed()) {
            return List.of();
        }
        return Runs.of(s, i -> !s.present(i) && !meter.knownZero(s, i)).stream()
                .map(r -> new Finding(NAME, config.severity(), r.from(), r.to(),
                        r.length() + " interval(s) missing, " + Runs.times(s, r)))
                .toList();
    }
}
