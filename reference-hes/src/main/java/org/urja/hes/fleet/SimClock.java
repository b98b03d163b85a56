package org.urja.hes.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A simulated clock: from {@code start}, simulated time runs {@code speed} times as fast as real time (1 = real
 * time, 3600 = an hour per second, 0 = stopped), plus whatever {@link #advance} has added. Thread-safe and
 * monotonic.
 */
public final class SimClock implements InstantSource {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Instant start;
    private final double speed;
    private final long startNanos;
    private Duration advanced = Duration.ZERO;

    public SimClock(Instant start, double speed) {
        this.start = Objects.requireNonNull(start, "start");
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number ≥ 0: " + speed);
        }
        this.speed = speed;
        this.startNanos = System.nanoTime();
    }

    /** A clock that only moves when advanced. */
    public static SimClock manual(Instant start) {
        return new SimClock(start, 0);
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        Instant base;
        synchronized (this) {
            base = start.plus(advanced);
        }
        if (speed == 0) {
            return base;
        }
        double simulatedSeconds = (System.nanoTime() - startNanos) / NANOS_PER_SECOND * speed;
        long seconds = (long) Math.floor(simulatedSeconds);
        long nanos = (long) ((simulatedSeconds - seconds) * NANOS_PER_SECOND);
        return base.plusSeconds(seconds).plusNanos(nanos);
    }

    /** Move simulated time forward. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("cannot move a clock back: " + by);
        }
        advanced = advanced.plus(by);
    }
}
