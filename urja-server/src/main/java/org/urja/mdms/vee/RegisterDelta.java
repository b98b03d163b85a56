package org.urja.mdms.vee;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.urja.mdms.reading.DaySeries;

/**
 * The advance of a cumulative energy register over {@code [from, to)}, in the channel's scaled units (after the
 * multiplier, like the interval values): the reference for the sum check and for scaling estimates.
 */
public record RegisterDelta(Instant from, Instant to, long deltaScaled) {

    public RegisterDelta {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("period must end after it starts");
        }
    }

    /**
     * The slots of {@code day} that the period covers, or empty when it does not start and end on slot boundaries
     * within that day (then intervals and register cannot be compared).
     */
    public Optional<Span> span(DaySeries day) {
        Instant start = MeterContext.Period.ofDay(day.day()).from();
        long slotSeconds = 60L * day.intervalMinutes();
        long a = Duration.between(start, from).getSeconds();
        long b = Duration.between(start, to).getSeconds();
        if (from.getNano() != 0 || to.getNano() != 0 || a % slotSeconds != 0 || b % slotSeconds != 0 || a < 0
                || b > slotSeconds * day.slots()) {
            return Optional.empty();
        }
        return Optional.of(new Span((int) (a / slotSeconds), (int) (b / slotSeconds)));
    }

    /** Slots {@code [from, to)} of a day. */
    public record Span(int from, int to) {

        public boolean wholeDay(DaySeries day) {
            return from == 0 && to == day.slots();
        }
    }
}
