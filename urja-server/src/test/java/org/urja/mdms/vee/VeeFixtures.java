package org.urja.mdms.vee;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.vee.MeterContext.Period;

/** Small builders for VEE tests. */
public final class VeeFixtures {

    /** A Wednesday. */
    public static final LocalDate DAY = LocalDate.of(2025, 6, 11);
    public static final String METER = "M-1";
    /** In a values array: the slot has no value. */
    public static final int GAP = Integer.MIN_VALUE;

    private VeeFixtures() {
    }

    /** A KWH_IMPORT series of {@link #DAY}; 96 values make a 15-minute day, 48 a 30-minute one. */
    public static DaySeries kwh(int... values) {
        return series(Channel.KWH_IMPORT, DAY, values);
    }

    public static DaySeries series(Channel channel, LocalDate day, int... values) {
        long[] v = new long[values.length];
        short[] f = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != GAP) {
                v[i] = values[i];
                f[i] = IntervalFlags.PRESENT;
            }
        }
        return new DaySeries(METER, channel, day, 1440 / values.length, v, f);
    }

    /** {@code slots} copies of {@code value}. */
    public static int[] flat(int slots, int value) {
        int[] v = new int[slots];
        Arrays.fill(v, value);
        return v;
    }

    /** A copy of {@code values} with slots {@code [from, to)} set to {@code value}. */
    public static int[] set(int[] values, int from, int to, int value) {
        int[] v = values.clone();
        Arrays.fill(v, from, to, value);
        return v;
    }

    /** A copy of {@code day} with {@code flag} added to slots {@code [from, to)}. */
    public static DaySeries flag(DaySeries day, int from, int to, short flag) {
        short[] f = day.flags().clone();
        for (int i = from; i < to; i++) {
            f[i] |= flag;
        }
        return new DaySeries(day.meterSerialNo(), day.channel(), day.day(), day.intervalMinutes(), day.values().clone(), f);
    }

    /** A single-phase whole-current meter, multiplier 1, sanctioned load 5 kW, installed, nothing disconnected. */
    public static MeterContext wc() {
        return meter(MeterContext.SINGLE_PHASE_WC, 1);
    }

    public static MeterContext meter(String category, int multiplier) {
        return new MeterContext(METER, category, BigDecimal.valueOf(multiplier), new BigDecimal("5"), false, true,
                List.of(), List.of());
    }

    public static MeterContext withOutages(MeterContext m, Period... outages) {
        return new MeterContext(m.meterSerialNo(), m.category(), m.multiplier(), m.sanctionedLoadKw(), m.netMetered(),
                m.installed(), m.disconnected(), List.of(outages));
    }

    public static MeterContext withDisconnections(MeterContext m, Period... disconnected) {
        return new MeterContext(m.meterSerialNo(), m.category(), m.multiplier(), m.sanctionedLoadKw(), m.netMetered(),
                m.installed(), List.of(disconnected), m.outages());
    }

    /** The IST time {@code hour:minute} of {@code day} ({@code 24:00} is the next midnight). */
    public static Instant at(LocalDate day, int hour, int minute) {
        return day.atStartOfDay(MeterContext.IST).toInstant().plusSeconds(3600L * hour + 60L * minute);
    }

    /** The period of slots {@code [from, to)} of a day of {@code intervalMinutes}-minute slots. */
    public static Period slots(LocalDate day, int intervalMinutes, int from, int to) {
        return new Period(Period.ofSlot(day, intervalMinutes, from).from(), Period.ofSlot(day, intervalMinutes, to - 1).to());
    }

    /** A register delta over the whole of {@link #DAY}. */
    public static RegisterDelta dayDelta(long delta) {
        return new RegisterDelta(at(DAY, 0, 0), at(DAY, 24, 0), delta);
    }

    public static DayInput input(DaySeries series) {
        return DayInput.of(series, wc());
    }

    public static DayInput input(DaySeries series, MeterContext meter) {
        return DayInput.of(series, meter);
    }

    public static long sum(DaySeries day) {
        return Arrays.stream(day.values()).sum();
    }
}
