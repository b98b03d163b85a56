package org.urja.mdms.network;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A meter installed at a service point for a period. */
public record Installation(String servicePointCode, String consumerNo, String meterSerialNo,
                           OffsetDateTime installedAt, OffsetDateTime removedAt,
                           BigDecimal initialReadingKwh, BigDecimal finalReadingKwh) {
}
