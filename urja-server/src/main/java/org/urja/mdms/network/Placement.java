package org.urja.mdms.network;

import java.time.OffsetDateTime;

/** A period during which a meter sat under a network node (DT, or feeder for feeder boundary meters) and DCU. */
public record Placement(String meterSerialNo, NetworkLevel nodeLevel, String nodeCode, String dcuCode,
                        OffsetDateTime validFrom, OffsetDateTime validTo, String reason) {
}
