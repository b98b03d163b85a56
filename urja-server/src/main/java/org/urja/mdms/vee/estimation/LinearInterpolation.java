package org.urja.mdms.vee.estimation;

import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;

import org.urja.mdms.reading.DaySeries;

/**
 * Straight-line estimation of short gaps (Ontario: one hour or less; Itron: a configurable span): a gap of at most
 * {@code maxMinutes} between two reliable measured neighbours gets the values on the straight line between the
 * neighbours' values, rounded half up with exact long arithmetic, so always between the two (never negative). As in the
 * California working group's practice, a power-failure interval (or any doubtful one, see {@link Slots#reliable}) is
 * never an end point. Gaps touching slot 0 or the last slot have only one neighbour in the day and are left.
 */
public final class LinearInterpolation {

    private LinearInterpolation() {
    }

    public static DaySeries apply(DaySeries day, int maxMinutes) {
        int maxSlots = maxMinutes / day.intervalMinutes();
        int n = day.slots();
        long[] values = day.values().clone();
        short[] flags = day.flags().clone();
        for (int from = 0; from < n; from++) {
            if (!Slots.fillable(flags[from])) {
                continue;
            }
            int to = from;
            while (to < n && Slots.fillable(flags[to])) {
                to++;
            }
            int length = to - from;
            if (length <= maxSlots && from > 0 && to < n && Slots.reliable(day, from - 1) && Slots.reliable(day, to)) {
                long left = values[from - 1];
                long rise = values[to] - left;
                long steps = 2L * (length + 1);
                for (int k = 1; k <= length; k++) {
                    values[from + k - 1] = left + Math.floorDiv(2 * rise * k + length + 1, steps);
                    flags[from + k - 1] |= PRESENT | ESTIMATED;
                }
            }
            from = to;
        }
        return Slots.with(day, values, flags);
    }
}
