package org.urja.mdms.vee.estimation;

import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.vee.RegisterDelta;

/**
 * Scales this run's estimates so that the intervals in the register period add up exactly to the register's advance:
 * the estimates share {@code delta − (sum of all other values)} in proportion to their values (evenly if they are
 * all 0), with exact long arithmetic; the units lost to rounding go one each to the largest remainders, ties to the
 * earlier slot. Values that are not this run's estimates are never changed. Nothing is done without a register delta,
 * for non-energy channels, when the period is not on the day's slot boundaries, when gaps remain in it, or when the
 * other values already exceed the delta (that would need negative estimates; the sum check reports it if beyond its
 * tolerance).
 */
public final class RegisterScaling {

    private RegisterScaling() {
    }

    /**
     * @param before the series before estimation: a gap there that is ESTIMATED in {@code after} is this run's
     *     estimate
     * @param after the estimated series
     */
    public static DaySeries apply(DaySeries before, DaySeries after, RegisterDelta register) {
        Optional<RegisterDelta.Span> span = register == null || !after.channel().energy()
                ? Optional.empty() : register.span(after);
        if (span.isEmpty()) {
            return after;
        }
        long[] values = after.values().clone();
        List<Integer> estimates = new ArrayList<>();
        long others = 0;
        long estimated = 0;
        for (int i = span.get().from(); i < span.get().to(); i++) {
            if (!after.present(i)) {
                return after;
            }
            if (!before.present(i) && IntervalFlags.has(after.flags()[i], ESTIMATED)) {
                estimates.add(i);
                estimated += values[i];
            } else {
                others += values[i];
            }
        }
        long target = register.deltaScaled() - others;
        if (estimates.isEmpty() || target < 0) {
            return after;
        }
        distribute(values, estimates, estimated, target);
        return Slots.with(after, values, after.flags().clone());
    }

    /** Sets {@code values[slots]} (summing to {@code total}) to shares of {@code target} in proportion. */
    private static void distribute(long[] values, List<Integer> slots, long total, long target) {
        int k = slots.size();
        long[] remainders = new long[values.length];
        long assigned = 0;
        for (int i : slots) {
            long share = total == 0 ? target : Math.multiplyExact(values[i], target);
            long divisor = total == 0 ? k : total;
            values[i] = share / divisor;
            remainders[i] = share % divisor;
            assigned += values[i];
        }
        slots.stream()
                .sorted(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed().thenComparingInt(i -> i))
                .limit(target - assigned)
                .forEach(i -> values[i]++);
    }
}
