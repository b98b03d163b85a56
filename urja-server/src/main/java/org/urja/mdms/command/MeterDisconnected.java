package org.urja.mdms.command;

import java.time.Instant;

/** UC3.6: the HES confirmed that the meter's relay is open (the consumer is disconnected) at {@code at}. */
public record MeterDisconnected(String meterSerialNo, long commandId, Long groupId, String requestedBy, Instant at) {
}
