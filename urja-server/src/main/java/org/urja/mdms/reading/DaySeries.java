package org.urja.mdms.reading;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One channel of one meter for one IST day: {@code intervalsPerDay} slots (96 at 15 min, 48 at 30 min), slot i
 * covering [00:00 IST + i × interval, + interval). {@code values[i]} is the stored integer (engineering value ×
 * {@link Channel#scale()}); it is meaningful only when {@code flags[i]} has {@link IntervalFlags#PRESENT}.
 */
public record DaySeries(String meterSerialNo, Channel channel, LocalDate day, int intervalMinutes, long[] values,
                        short[] flags) {

    public DaySeries {
        Objects.requireNonNull(meterSerialNo);
        Objects.requireNonNull(channel);
        Objects.requireNonNull(day);
        if (intervalMinutes != 15 && intervalMinutes != 30) {
            throw new IllegalArgumentException("intervalMinutes must be 15 or 30");
        }
        int n = 1440 / intervalMinutes;
        if (values.length != n || flags.length != n) {
            throw new IllegalArgumentException("a day of " + intervalMinutes + "-min intervals has " + n + " slots");
        }
    }

    /** An empty day (every slot a gap). */
    public static DaySeries empty(String meterSerialNo, Channel channel, LocalDate day, int intervalMinutes) {
        int n = 1440 / intervalMinutes;
        return new DaySeries(meterSerialNo, channel, day, intervalMinutes, new long[n], new short[n]);
    }

    public int slots() {
        return values.length;
    }

    public boolean present(int slot) {
        return IntervalFlags.has(flags[slot], IntervalFlags.PRESENT);
    }

    /** How many slots have a value. */
    public int presentCount() {
        int n = 0;
        for (short f : flags) {
            n += IntervalFlags.has(f, IntervalFlags.PRESENT) ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DaySeries d && meterSerialNo.equals(d.meterSerialNo) && channel == d.channel
                && day.equals(d.day) && intervalMinutes == d.intervalMinutes && Arrays.equals(values, d.values)
                && Arrays.equals(flags, d.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(meterSerialNo, channel, day, intervalMinutes, Arrays.hashCode(values), Arrays.hashCode(flags));
    }

    @Override
    public String toString() {
        return "DaySeries[" + meterSerialNo + " " + channel + " " + day + " " + intervalMinutes + "min]";
    }
}
