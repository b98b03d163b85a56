package org.urja.mdms.vee.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * Oracle's "high/low" check: the day's energy total against the average of this channel's own complete days (every
 * slot with a value) in the {@code lookbackDays} before it. High if the total exceeds {@code highFactor} × the average
 * and {@code minAverageScaled}; low if the day is complete, the average exceeds {@code minAverageScaled} and the total
 * is below {@code lowFactor} × the average. Needs {@code minHistoryDays} complete days, else reports nothing; energy
 * channels only. Whole-day findings. Params: {@code highFactor} (3.0), {@code lowFactor} (0.2),
 * {@code minAverageScaled} (1000, i.e. 1 kWh), {@code minHistoryDays} (3), {@code lookbackDays} (28). Default severity
 * WARNING.
 */
public final class HighLowUsage implements ValidationRule {

    public static final String NAME = "HighLowUsage";
    public static final String HIGH_FACTOR = "highFactor";
    public static final String LOW_FACTOR = "lowFactor";
    public static final String MIN_AVERAGE_SCALED = "minAverageScaled";
    public static final String MIN_HISTORY_DAYS = "minHistoryDays";
    public static final String LOOKBACK_DAYS = "lookbackDays";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        long lookback = config.integer(LOOKBACK_DAYS, 28);
        long[] totals = input.history().stream()
                .filter(h -> !h.day().isBefore(s.day().minusDays(lookback)) && complete(h))
                .mapToLong(HighLowUsage::total).toArray();
        if (!s.channel().energy() || totals.length < config.integer(MIN_HISTORY_DAYS, 3)) {
            return List.of();
        }
        double average = (double) Arrays.stream(totals).sum() / totals.length;
        long total = total(s);
        double high = config.number(HIGH_FACTOR, 3.0);
        double low = config.number(LOW_FACTOR, 0.2);
        long floor = config.integer(MIN_AVERAGE_SCALED, 1000);
        String versus = String.format(Locale.ROOT, " the average %.0f of %d earlier days", average, totals.length);
        if (total > floor && total > high * average) {
            return List.of(Finding.day(NAME, config.severity(), "day total " + total + " is over " + high + " x" + versus));
        }
        if (complete(s) && average > floor && total < low * average) {
            return List.of(Finding.day(NAME, config.severity(), "day total " + total + " is under " + low + " x" + versus));
        }
        return List.of();
    }

    private static boolean complete(DaySeries day) {
        return IntStream.range(0, day.slots()).allMatch(day::present);
    }

    private static long total(DaySeries day) {
        return IntStream.range(0, day.slots()).filter(day::present).mapToLong(i -> day.values()[i]).sum();
    }
}
