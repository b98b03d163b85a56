package org.urja.mdms.command;

import java.time.Instant;

/** UC4.5: the HES confirmed that the meter's relay is closed (the consumer is reconnected) at {@code at}. */
public record MeterReconnected(String meterSerialNo, long commandId, Long groupId, String requestedBy, Instant at) {
}
