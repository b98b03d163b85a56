package org.urja.mdms.vee.estimation;

import static org.urja.mdms.reading.IntervalFlags.DISCONNECTED;
import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;
import static org.urja.mdms.reading.IntervalFlags.POWER_FAIL;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import org.urja.mdms.reading.DaySeries;

/**
 * Historical estimation (Itron: the average of the three nearest days of the same day type; Ontario: from the
 * previous three weeks): each remaining gap gets the average, rounded half up, of the same slot on the
 * {@code likeDays} nearest earlier days of the same day type (weekday, Saturday or Sunday, IST) within
 * {@code lookbackDays} whose value in that slot is reliable ({@link Slots#reliable}). Days that contain an outage
 * (POWER_FAIL), a disconnection or an estimate are not reference days (California: days with outages are not used).
 * A gap with no such day is left.
 */
public final class LikeDay {

    private static final short UNREPRESENTATIVE = POWER_FAIL | DISCONNECTED | ESTIMATED;

    private LikeDay() {
    }

    public static DaySeries apply(DaySeries day, List<DaySeries> history, int likeDays, int lookbackDays) {
        LocalDate earliest = day.day().minusDays(lookbackDays);
        List<DaySeries> references = history.stream()
                .filter(h -> h.intervalMinutes() == day.intervalMinutes() && h.day().isBefore(day.day())
                        && !h.day().isBefore(earliest) && dayType(h.day()) == dayType(day.day()) && representative(h))
                .sorted(Comparator.comparing(DaySeries::day).reversed())
                .toList();
        long[] values = day.values().clone();
        short[] flags = day.flags().clone();
        for (int i = 0; i < day.slots(); i++) {
            if (!Slots.fillable(flags[i])) {
                continue;
            }
            long sum = 0;
            int count = 0;
            for (DaySeries reference : references) {
                if (count < likeDays && Slots.reliable(reference, i)) {
                    sum += reference.values()[i];
                    count++;
                }
            }
            if (count > 0) {
                values[i] = (sum + count / 2) / count;
                flags[i] |= PRESENT | ESTIMATED;
            }
        }
        return Slots.with(day, values, flags);
    }

    private static boolean representative(DaySeries day) {
        for (short f : day.flags()) {
            if ((f & UNREPRESENTATIVE) != 0) {
                return false;
            }
        }
        return true;
    }

    /** SATURDAY, SUNDAY, or MONDAY standing for every weekday. */
    private static DayOfWeek dayType(LocalDate date) {
        DayOfWeek d = date.getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? d : DayOfWeek.MONDAY;
    }
}
