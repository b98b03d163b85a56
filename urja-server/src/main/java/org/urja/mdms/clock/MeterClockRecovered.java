package org.urja.mdms.clock;

import java.math.BigDecimal;
import java.time.Instant;

/** Published when a meter's clock, earlier beyond tolerance, is read within tolerance again: its drift flag is cleared. */
public record MeterClockRecovered(String meterSerialNo, BigDecimal offsetSeconds, Instant observedAt) {
}
