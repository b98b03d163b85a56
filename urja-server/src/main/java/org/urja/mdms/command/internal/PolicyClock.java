package org.urja.mdms.command.internal;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * The time the disconnection policy judges a command at: the platform clock. Separate from the clock of everything
 * else (timestamps, retries, signatures) so that a test can set the hour the policy sees without moving those.
 */
@Component
public class PolicyClock {

    private final Clock clock;

    public PolicyClock(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }
}
