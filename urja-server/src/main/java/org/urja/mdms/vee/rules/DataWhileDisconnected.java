package org.urja.mdms.vee.rules;

import java.util.List;
import java.util.stream.IntStream;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * Data that should not exist (Oracle's "inactive device"). Any value from a meter that was not installed on the day
 * it is for (the registry's history, not its state now: a meter removed since still passes its earlier days) fails
 * the whole day. Non-zero energy in a slot wholly inside a period with the relay open fails that run: energy cannot flow
 * through an open relay, so the meter is bypassed, tampered with, or the disconnection record is wrong. Only whole
 * slots count, so that energy used before the relay opened (or after it closed) in a boundary slot is not flagged.
 * No params. Default severity ERROR.
 */
public final class DataWhileDisconnected implements ValidationRule {

    public static final String NAME = "DataWhileDisconnected";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        MeterContext meter = input.meter();
        if (!meter.installed()) {
            return IntStream.range(0, s.slots()).anyMatch(s::present)
                    ? List.of(Finding.day(NAME, config.severity(), "data from a meter that is not installed"))
                    : List.of();
        }
        if (!s.channel().energy()) {
            return List.of();
        }
        return Runs.of(s, i -> s.present(i) && s.values()[i] != 0 && meter.disconnectionCovers(s, i)).stream()
                .map(r -> new Finding(NAME, config.severity(), r.from(), r.to(),
                        "energy while disconnected " + Runs.times(s, r)))
                .toList();
    }
}
