package org.urja.mdms.reading;

import java.time.Instant;
import java.util.List;

/**
 * Published (after commit) when a MeterReadings message brought meters' clocks ({@code instant.clock}): what each meter's
 * real-time clock said when the HES read it. Only readings not stored before are listed; a re-send publishes nothing.
 */
public record MeterClocksRead(String messageId, List<MeterClock> clocks) {

    /** The meter's clock said {@code meterTime} when the HES read it at {@code readAt} (the HES's time). */
    public record MeterClock(String meterSerialNo, Instant readAt, Instant meterTime) {
    }
}
