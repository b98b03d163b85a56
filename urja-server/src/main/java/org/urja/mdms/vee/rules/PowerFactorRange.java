package org.urja.mdms.vee.rules;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;
import org.urja.mdms.vee.ValidationRule;

/**
 * Cross-checks KWH_IMPORT against the same day's KVAH_IMPORT (a sibling-channel check): apparent energy can never be
 * below active energy, so a slot fails where kVAh + rounding &lt; kWh (rounding = {@code roundingScaled} × multiplier)
 * or where PF = kWh / kVAh is below {@code minPf}; one finding per run. Secondary check, at most WARNING: PF below
 * {@code lowPf} (the "very low PF" the meter itself may flag as tamper). Only slots where both channels have a value.
 * Params: {@code roundingScaled} (1), {@code minPf} (0.0), {@code lowPf} (0.5). Default severity ERROR.
 */
public final class PowerFactorRange implements ValidationRule {

    public static final String NAME = "PowerFactorRange";
    public static final String ROUNDING_SCALED = "roundingScaled";
    public static final String MIN_PF = "minPf";
    public static final String LOW_PF = "lowPf";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries kwh = input.series();
        DaySeries kvah = input.kvah();
        if (kwh.channel() != Channel.KWH_IMPORT || kvah == null) {
            return List.of();
        }
        long rounding = input.meter().timesMultiplier(config.integer(ROUNDING_SCALED, 1));
        double minPf = config.number(MIN_PF, 0.0);
        double lowPf = config.number(LOW_PF, 0.5);
        long[] p = kwh.values();
        long[] s = kvah.values();
        IntPredicate both = i -> kwh.present(i) && kvah.present(i);
        IntPredicate outOfRange = i -> both.test(i) && (s[i] + rounding < p[i] || (s[i] > 0 && p[i] < minPf * s[i]));
        IntPredicate low = i -> both.test(i) && !outOfRange.test(i) && s[i] > 0 && p[i] < lowPf * s[i];
        return Stream.concat(
                Runs.of(kwh, outOfRange).stream().map(r -> new Finding(NAME, config.severity(), r.from(), r.to(),
                        "kWh and kVAh inconsistent (PF outside " + minPf + "..1) " + Runs.times(kwh, r))),
                Runs.of(kwh, low).stream().map(r -> new Finding(NAME, config.atMost(Severity.WARNING), r.from(),
                        r.to(), "power factor below " + lowPf + " " + Runs.times(kwh, r))))
                .toList();
    }
}
