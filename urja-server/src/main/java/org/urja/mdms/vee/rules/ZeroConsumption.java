package org.urja.mdms.vee.rules;

import static org.urja.mdms.reading.IntervalFlags.DISCONNECTED;
import static org.urja.mdms.reading.IntervalFlags.POWER_FAIL;

import java.util.List;

import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * Oracle's "zero consumption" on KWH_IMPORT: import stopped although supply was on, which may be a stopped meter, a
 * bypass or a vacant premise. A zero counts only if it is not explained: the slot neither carries POWER_FAIL or
 * DISCONNECTED nor overlaps a known outage or disconnection. A whole day of unexplained zeros gives one whole-day
 * finding; otherwise each run of at least {@code minZeroHours} gives a finding. Params: {@code minZeroHours} (12).
 * Default severity WARNING.
 */
public final class ZeroConsumption implements ValidationRule {

    public static final String NAME = "ZeroConsumption";
    public static final String MIN_ZERO_HOURS = "minZeroHours";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        MeterContext meter = input.meter();
        if (s.channel() != Channel.KWH_IMPORT) {
            return List.of();
        }
        List<Runs.Run> runs = Runs.of(s, i -> s.present(i) && s.values()[i] == 0
                && (s.flags()[i] & (POWER_FAIL | DISCONNECTED)) == 0
                && !meter.outageOverlaps(s, i) && !meter.disconnectionOverlaps(s, i));
        if (runs.size() == 1 && runs.get(0).length() == s.slots()) {
            return List.of(Finding.day(NAME, config.severity(), "no consumption all day with supply on"));
        }
        long minSlots = config.integer(MIN_ZERO_HOURS, 12) * 60 / s.intervalMinutes();
        return runs.stream().filter(r -> r.length() >= minSlots)
                .map(r -> new Finding(NAME, config.severity(), r.from(), r.to(),
                        "no consumption " + Runs.times(s, r) + " with supply on"))
                .toList();
    }
}
