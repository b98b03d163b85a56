package org.urja.mdms.support;

import java.time.Clock;
import java.time.Instant;

import org.urja.mdms.command.internal.PolicyClock;

/**
 * The time the disconnection policy judges commands at, in tests: fixed at a weekday morning in IST (every rule
 * allows a disconnection) unless a test sets it, so no test depends on the hour the build runs at. Only the policy
 * reads it; timestamps, retries and signatures keep the real clock.
 */
public class AdjustablePolicyClock extends PolicyClock {

    /** Wednesday 2026-03-11 11:00 IST: not in the default forbidden hours, not a Sunday. */
    public static final Instant ALLOWED = Instant.parse("2026-03-11T05:30:00Z");

    private volatile Instant now = ALLOWED;

    public AdjustablePolicyClock(Clock clock) {
        super(clock);
    }

    @Override
    public Instant now() {
        return now;
    }

    public void set(Instant at) {
        this.now = at;
    }

    public void reset() {
        this.now = ALLOWED;
    }
}
