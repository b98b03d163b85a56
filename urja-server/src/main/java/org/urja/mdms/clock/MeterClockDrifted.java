package org.urja.mdms.clock;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Published when a meter's clock is found beyond tolerance (a new episode), or when it becomes a likely faulty RTC
 * (it kept drifting beyond tolerance after time settings): for the staff portal and field work. {@code offsetSeconds}
 * is how far the meter's clock was ahead (negative: behind) at {@code observedAt}; {@code driftSecondsPerDay} null
 * until two readings without a time setting between them gave a rate; {@code syncCommandId} the TIME_SYNC command
 * asked for (null if none could be).
 */
public record MeterClockDrifted(String meterSerialNo, BigDecimal offsetSeconds, long toleranceSeconds,
                                Instant observedAt, BigDecimal driftSecondsPerDay, boolean likelyFaultyRtc,
                                Long syncCommandId) {
}
