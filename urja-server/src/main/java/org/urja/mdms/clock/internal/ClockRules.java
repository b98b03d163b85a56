package org.urja.mdms.clock.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/** The rules that turn a meter's clock readings into where its clock stands. Pure. */
record ClockRules(Duration tolerance, Duration minRateSpan, int rtcSuspectSyncs) {

    /**
     * A meter's clock after its latest reading: the offset (meter − HES time) at {@code observedAt}, the drift rate and
     * the two readings it came from, and whether (since when) it is beyond tolerance.
     */
    record State(Instant observedAt, long offsetMs, BigDecimal driftSecondsPerDay, Instant rateFrom, boolean beyond,
                 Instant beyondSince) {
    }

    boolean beyond(long offsetMs) {
        return Math.abs(offsetMs) > tolerance.toMillis();
    }

    /**
     * The state after the meter's clock read {@code offsetMs} at {@code readAt}, from the state before (null: its first
     * reading) and when the meter last confirmed a time setting (null: never). Null when the reading is not newer than
     * the state's: a late reading is history only. The drift rate is the change of offset per day since the previous
     * reading if no time setting was confirmed at or after that reading and they are at least {@code minRateSpan} apart;
     * otherwise the previous rate stands (a clock's rate outlives its settings).
     */
    State next(State before, Instant lastSync, Instant readAt, long offsetMs) {
        if (before != null && !readAt.isAfter(before.observedAt())) {
            return null;
        }
        boolean beyond = beyond(offsetMs);
        BigDecimal rate = before == null ? null : before.driftSecondsPerDay();
        Instant rateFrom = before == null ? null : before.rateFrom();
        if (before != null && (lastSync == null || lastSync.isBefore(before.observedAt()))) {
            long elapsedMs = Duration.between(before.observedAt(), readAt).toMillis();
            if (elapsedMs >= minRateSpan.toMillis()) {
                rate = BigDecimal.valueOf((offsetMs - before.offsetMs()) * 86_400L)
                        .divide(BigDecimal.valueOf(elapsedMs), 3, RoundingMode.HALF_UP);
                rateFrom = before.observedAt();
            }
        }
        Instant beyondSince = !beyond ? null : before != null && before.beyond() ? before.beyondSince() : readAt;
        return new State(readAt, offsetMs, rate, rateFrom, beyond, beyondSince);
    }

    /** Whether a meter set this many times for drift within the window likely has a faulty real-time clock. */
    boolean likelyFaultyRtc(int driftSyncsInWindow) {
        return driftSyncsInWindow >= rtcSuspectSyncs;
    }

    static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }
}
