package org.urja.mdms.reading;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.urja.mdms.platform.ApiProblem;

/**
 * Published consumption API for other modules and the portals: one channel of a meter or of a service point per
 * interval, IST day or IST calendar month over a range of IST days, in engineering units, with how much of it is
 * measured, estimated, edited or missing. Figures come from the current (highest) version of each stored day.
 *
 * <p>A meter is expected to have recorded every interval of the range. A service point is expected to have data
 * from each meter installed there, for the intervals it was installed (an interval overlapping an installation
 * counts), so after a meter replacement its figures are the sum of both meters' data over their own periods.
 * Intervals that have not ended yet are expected only when they already hold a value.
 */
public interface Consumption {

    /** The meter's consumption; empty when the network registry does not know the meter. */
    Optional<Series> ofMeter(String meterSerialNo, Query query);

    /** The service point's consumption from the meters installed there; empty when the service point is unknown. */
    Optional<Series> ofServicePoint(String servicePointCode, Query query);

    enum Granularity {
        /** Each meter interval (15 or 30 min). */
        INTERVAL,
        /** IST days. */
        DAY,
        /** IST calendar months, the first and last cut to the range. */
        MONTH
    }

    /** How the values of a period combine into one figure. */
    enum Aggregation {
        /** Energy per interval: the period's energy. */
        SUM,
        /** Demand: the period's maximum demand. */
        MAX,
        /** Voltage and current averages: the average of the intervals with a value. */
        AVERAGE;

        public static Aggregation of(Channel channel) {
            if (channel.energy()) {
                return SUM;
            }
            return channel == Channel.KW_DEMAND || channel == Channel.KVA_DEMAND ? MAX : AVERAGE;
        }
    }

    /**
     * What to compute: a channel, a granularity and the IST days {@code [from, to]}. At most
     * {@value #MAX_INTERVAL_DAYS} days of intervals, {@value #MAX_DAYS} days, or {@value #MAX_MONTHS} calendar months.
     * An invalid query is refused with a 400 {@link ApiProblem} naming the field.
     */
    record Query(Channel channel, Granularity granularity, LocalDate from, LocalDate to) {

        public static final int MAX_INTERVAL_DAYS = 31;
        public static final int MAX_DAYS = 366;
        public static final int MAX_MONTHS = 36;

        public Query {
            if (channel == null) {
                throw ApiProblem.badRequest("channel", "channel is required");
            }
            if (granularity == null) {
                throw ApiProblem.badRequest("granularity", "granularity is required (INTERVAL, DAY or MONTH)");
            }
            if (from == null) {
                throw ApiProblem.badRequest("from", "from is required");
            }
            if (to == null) {
                throw ApiProblem.badRequest("to", "to is required");
            }
            if (to.isBefore(from)) {
                throw ApiProblem.badRequest("to", "to (" + to + ") is before from (" + from + ")");
            }
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            long months = ChronoUnit.MONTHS.between(from.withDayOfMonth(1), to.withDayOfMonth(1)) + 1;
            switch (granularity) {
                case INTERVAL -> {
                    if (days > MAX_INTERVAL_DAYS) {
                        throw ApiProblem.badRequest("to", "INTERVAL covers at most " + MAX_INTERVAL_DAYS
                                + " days; " + from + " to " + to + " is " + days);
                    }
                }
                case DAY -> {
                    if (days > MAX_DAYS) {
                        throw ApiProblem.badRequest("to", "DAY covers at most " + MAX_DAYS + " days; " + from
                                + " to " + to + " is " + days);
                    }
                }
                case MONTH -> {
                    if (months > MAX_MONTHS) {
                        throw ApiProblem.badRequest("to", "MONTH covers at most " + MAX_MONTHS + " months; " + from
                                + " to " + to + " touches " + months);
                    }
                }
            }
        }
    }

    /**
     * One period [start, end) (IST). {@code value} is null when no interval of the period has a value. Every expected
     * interval is exactly one of actual (measured), estimated (by VEE), edited (by a person) or missing;
     * {@code complete} when some interval was expected and none is missing.
     */
    record Period(OffsetDateTime start, OffsetDateTime end, BigDecimal value, int actualIntervals,
                  int estimatedIntervals, int editedIntervals, int missingIntervals, int expectedIntervals,
                  boolean complete) {
    }

    /** A meter whose data counts, over [from, to) within the range (for a service point: its installation). */
    record Source(String meterSerialNo, int intervalMinutes, OffsetDateTime from, OffsetDateTime to) {
    }

    /**
     * The answer: for a meter ({@code servicePointCode} null) or a service point, in {@code unit}. DAY and MONTH list
     * every period of the range; INTERVAL lists the intervals of the sources. {@code total} covers the whole range.
     */
    record Series(String meterSerialNo, String servicePointCode, Channel channel, String unit, Aggregation aggregation,
                  Granularity granularity, LocalDate from, LocalDate to, List<Source> meters, Period total,
                  List<Period> periods) {
    }

    /** The engineering unit of a channel's values (kWh, kVAh, V, A, kW, kVA). */
    static String unit(Channel channel) {
        return channel.readingType().split("\\.")[1];
    }
}
