package org.urja.mdms.network;

import java.time.OffsetDateTime;

/**
 * Published after a network change is committed (installation, move, replacement, DCU added/removed), for
 * modules that keep network-derived data (energy audit, outage topology, billing).
 */
public record NetworkChanged(String messageId, String changeType, String meterSerialNo, String replacedMeterSerialNo,
                             String nodeCode, String dcuCode, OffsetDateTime occurredAt) {
}
