package org.urja.hes.fleet;

import java.time.Instant;
import java.time.LocalDate;

/** Indian Standard Time (UTC+05:30, no daylight saving) arithmetic on epoch seconds. */
final class Ist {

    static final long OFFSET_SECONDS = 19_800;
    static final long DAY_SECONDS = 86_400;

    private Ist() {
    }

    /** Epoch second of 00:00 IST on the day. */
    static long startSecond(LocalDate day) {
        return day.toEpochDay() * DAY_SECONDS - OFFSET_SECONDS;
    }

    /** Instant of 00:00 IST on the day. */
    static Instant startOf(LocalDate day) {
        return Instant.ofEpochSecond(startSecond(day));
    }

    /** The IST date of an instant. */
    static LocalDate dayOf(Instant t) {
        return LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond() + OFFSET_SECONDS, DAY_SECONDS));
    }

    /** The IST hour (0–23) of an epoch second. */
    static int hourOf(long epochSecond) {
        return (int) (Math.floorMod(epochSecond + OFFSET_SECONDS, DAY_SECONDS) / 3600);
    }

    /** Epoch second at or after an instant. */
    static long ceilSecond(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }
}
