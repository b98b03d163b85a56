package org.urja.mdms.vee;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.urja.mdms.reading.DaySeries;

/**
 * What VEE needs to know about the meter of a {@link DayInput}. {@code multiplier} is the CT/PT ratio already applied
 * to the values (1 for whole-current meters); {@code sanctionedLoadKw} may be null (unknown); {@code disconnected}
 * lists the periods the relay was open and {@code outages} the known supply outages (feeder or DT), both half-open;
 * {@code installed}: the meter was in the network (placed or installed) at some time of the day the data is for.
 */
public record MeterContext(String meterSerialNo, String category, BigDecimal multiplier, BigDecimal sanctionedLoadKw,
                           boolean netMetered, boolean installed, List<Period> disconnected, List<Period> outages) {

    /** Indian Standard Time: days and slots are IST. */
    public static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    public static final String SINGLE_PHASE_WC = "SINGLE_PHASE_WC";
    public static final String THREE_PHASE_WC = "THREE_PHASE_WC";
    public static final String LT_CT = "LT_CT";
    public static final String HT_CT = "HT_CT";
    public static final Set<String> CATEGORIES = Set.of(SINGLE_PHASE_WC, THREE_PHASE_WC, LT_CT, HT_CT);

    public MeterContext {
        Objects.requireNonNull(meterSerialNo);
        if (!CATEGORIES.contains(category)) {
            throw new IllegalArgumentException("unknown meter category " + category);
        }
        if (multiplier.signum() <= 0) {
            throw new IllegalArgumentException("multiplier must be positive");
        }
        disconnected = List.copyOf(disconnected);
        outages = List.copyOf(outages);
    }

    /** Whether the meter is CT operated (LT_CT or HT_CT). */
    public boolean ctMeter() {
        return LT_CT.equals(category) || HT_CT.equals(category);
    }

    /** A quantity in secondary scaled units (as the meter itself counts) in the primary units of the values. */
    public long timesMultiplier(long scaled) {
        return multiplier.multiply(BigDecimal.valueOf(scaled)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The slot lies wholly inside a known outage. */
    public boolean outageCovers(DaySeries day, int slot) {
        return !outages.isEmpty() && Period.anyContains(outages, Period.ofSlot(day, slot));
    }

    /** The slot overlaps a known outage. */
    public boolean outageOverlaps(DaySeries day, int slot) {
        return !outages.isEmpty() && Period.anyOverlaps(outages, Period.ofSlot(day, slot));
    }

    /** The slot lies wholly inside a period with the relay open. */
    public boolean disconnectionCovers(DaySeries day, int slot) {
        return !disconnected.isEmpty() && Period.anyContains(disconnected, Period.ofSlot(day, slot));
    }

    /** The slot overlaps a period with the relay open. */
    public boolean disconnectionOverlaps(DaySeries day, int slot) {
        return !disconnected.isEmpty() && Period.anyOverlaps(disconnected, Period.ofSlot(day, slot));
    }

    /**
     * The slot's value is known to be zero without a reading: it lies wholly inside an outage, or, for an energy
     * channel, wholly inside a disconnection (no energy flows through an open relay).
     */
    public boolean knownZero(DaySeries day, int slot) {
        return outageCovers(day, slot) || (day.channel().energy() && disconnectionCovers(day, slot));
    }

    /** A half-open period {@code [from, to)}. */
    public record Period(Instant from, Instant to) {

        public Period {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("period must end after it starts");
            }
        }

        /** Slot {@code slot} of an IST day of {@code intervalMinutes}-minute slots. */
        public static Period ofSlot(LocalDate day, int intervalMinutes, int slot) {
            Instant start = day.atStartOfDay(IST).toInstant().plusSeconds(60L * intervalMinutes * slot);
            return new Period(start, start.plusSeconds(60L * intervalMinutes));
        }

        public static Period ofSlot(DaySeries day, int slot) {
            return ofSlot(day.day(), day.intervalMinutes(), slot);
        }

        /** The whole IST day. */
        public static Period ofDay(LocalDate day) {
            return new Period(day.atStartOfDay(IST).toInstant(), day.plusDays(1).atStartOfDay(IST).toInstant());
        }

        public boolean overlaps(Period other) {
            return from.isBefore(other.to) && other.from.isBefore(to);
        }

        public boolean contains(Period other) {
            return !other.from.isBefore(from) && !other.to.isAfter(to);
        }

        static boolean anyOverlaps(List<Period> periods, Period p) {
            return periods.stream().anyMatch(q -> q.overlaps(p));
        }

        static boolean anyContains(List<Period> periods, Period p) {
            return periods.stream().anyMatch(q -> q.contains(p));
        }
    }
}
