package org.urja.mdms.workorder;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Published when the field force completes a work order, whatever the outcome: the originating flow matches it by
 * {@code reference} (null for a tamper inspection raised from a device event) and {@code type}.
 *
 * @param outcome                null for an installation order (completed by its installation report)
 * @param readings               what was read at site (e.g. {@code kWh.import}), or empty
 * @param installedMeterSerialNo the meter installed, when the order installed one
 */
public record WorkOrderCompleted(long workOrderId, String reference, WorkOrderType type, InspectionOutcome outcome,
                                 String meterSerialNo, String consumerNo, String findings,
                                 Map<String, BigDecimal> readings, String installedMeterSerialNo, String completedBy,
                                 Instant completedAt) {

    public WorkOrderCompleted {
        readings = readings == null ? Map.of() : Map.copyOf(readings);
    }
}
