package org.urja.mdms.prepaid.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * How long a consumer whose credit is exhausted keeps supply before a disconnection may go out: {@code period} after
 * the exhaustion (e.g. 24 h), and, when {@code workingDayAt} is set, at least until that time of day on a working day
 * (e.g. 10:00 — the first working-day 10:00 after the exhaustion: exhausted on Saturday evening with Sunday a rest
 * day, the grace lasts until Monday 10:00). With both, the later end wins; with neither, there is no grace. Pure.
 */
record GracePeriod(Duration period, LocalTime workingDayAt, Set<DayOfWeek> restDays, ZoneId zone) {

    GracePeriod {
        restDays = Set.copyOf(restDays);
        if (restDays.size() == DayOfWeek.values().length) {
            throw new IllegalArgumentException("a week with no working day");
        }
    }

    /** When the grace of a credit exhausted at {@code exhausted} ends, or null when the utility gives none. */
    Instant endAfter(Instant exhausted) {
        Instant end = period.isZero() || period.isNegative() ? null : exhausted.plus(period);
        if (workingDayAt != null) {
            ZonedDateTime local = exhausted.atZone(zone);
            LocalDate day = local.toLocalDate();
            if (!local.toLocalTime().isBefore(workingDayAt) || restDays.contains(day.getDayOfWeek())) {
                day = day.plusDays(1);
            }
            while (restDays.contains(day.getDayOfWeek())) {
                day = day.plusDays(1);
            }
            Instant working = day.atTime(workingDayAt).atZone(zone).toInstant();
            end = end == null || working.isAfter(end) ? working : end;
        }
        return end;
    }
}
