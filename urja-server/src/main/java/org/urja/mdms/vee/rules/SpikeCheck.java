package org.urja.mdms.vee.rules;

import java.util.List;
import java.util.stream.IntStream;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * A spike: an energy interval far above the day's normal peak. As in Oracle Utilities MDM, the reference is the
 * <em>third</em>-highest interval of the day, so that one or two spikes cannot hide themselves by raising it. Every
 * interval above {@code factor} × the third-highest and above {@code minScaled} fails (one finding per slot); days
 * with fewer than three values, and non-energy channels, are not checked. Params: {@code factor} (4.0),
 * {@code minScaled} (100, i.e. 100 Wh: smaller values are never spikes). Default severity ERROR.
 */
public final class SpikeCheck implements ValidationRule {

    public static final String NAME = "SpikeCheck";
    public static final String FACTOR = "factor";
    public static final String MIN_SCALED = "minScaled";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        long[] v = s.values();
        long[] present = IntStream.range(0, s.slots()).filter(s::present).mapToLong(i -> v[i]).sorted().toArray();
        if (!s.channel().energy() || present.length < 3) {
            return List.of();
        }
        long third = present[present.length - 3];
        double factor = config.number(FACTOR, 4.0);
        long floor = config.integer(MIN_SCALED, 100);
        return IntStream.range(0, s.slots())
                .filter(i -> s.present(i) && v[i] > floor && v[i] > factor * third)
                .mapToObj(i -> new Finding(NAME, config.severity(), i, i + 1, "value " + v[i] + " at "
                        + Runs.times(s, i, i + 1) + " is over " + factor + " x the third-highest value " + third))
                .toList();
    }
}
