package org.urja.mdms.workorder;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Published when the field force reports a meter installation order done (UC13.4: meter number, DT, feeder, reading),
 * after the network registry recorded the exchange in the same transaction. {@code reference} is the one the order
 * was raised under.
 */
public record MeterInstallationReported(long workOrderId, String reference, String consumerNo, String servicePointCode,
                                        String removedMeterSerialNo, String installedMeterSerialNo, String dtCode,
                                        String feederCode, BigDecimal readingKwh, Instant installedAt,
                                        String reportedBy) {
}
