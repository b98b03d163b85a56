package org.urja.hes.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One simulated data concentrator (DCU) of an RF mesh: only its real-time clock is simulated. The clock gains or
 * loses a little every day (between −3 and +3 seconds, decided by the seed and the DCU's code) from its installation
 * or its last time setting. Thread-safe.
 */
public final class VirtualDcu {

    private final String code;
    private final Instant installedAt;
    private final double driftSecondsPerDay;
    private Instant lastSync;
    private int syncs;

    public VirtualDcu(long seed, String code, Instant installedAt) {
        this.code = Objects.requireNonNull(code, "code");
        this.installedAt = Objects.requireNonNull(installedAt, "installedAt");
        this.driftSecondsPerDay = -3 + 6 * Hashing.unit(seed, code, "dcu-clock-drift");
    }

    public String code() {
        return code;
    }

    /** Seconds a day the clock gains (negative: loses). */
    public double clockDriftSecondsPerDay() {
        return driftSecondsPerDay;
    }

    /** How far the DCU's clock is ahead of true time at {@code trueTime} (negative: behind). */
    public synchronized Duration clockOffset(Instant trueTime) {
        Instant anchor = lastSync != null && !trueTime.isBefore(lastSync) ? lastSync : installedAt;
        if (trueTime.isBefore(anchor)) {
            return Duration.ZERO;
        }
        long elapsedMillis = Duration.between(anchor, trueTime).toMillis();
        return Duration.ofMillis(Math.round(elapsedMillis * driftSecondsPerDay / 86_400));
    }

    /** Sets the clock to {@code trueTime}; returns how far off it was. */
    public synchronized Duration syncClock(Instant trueTime) {
        Duration before = clockOffset(trueTime);
        if (lastSync == null || trueTime.isAfter(lastSync)) {
            lastSync = trueTime;
        }
        syncs++;
        return before;
    }

    /** How many times the clock was set. */
    public synchronized int syncCount() {
        return syncs;
    }
}
